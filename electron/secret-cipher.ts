/**
 * Secret variables encrypted with the OS keychain through Electron's safeStorage, injected into
 * the core (main/src/variables/secret-cipher.ts). Pure apart from the safeStorage it is given.
 */
import type { SecretCipher } from '../main/src/variables/secret-cipher.js';

/** The part of Electron's `safeStorage` used here (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which secret store backs it ('basic_text' = a hard-coded key, no keychain). */
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORAGE_CIPHER_ID = 'electron-safe-storage';

/**
 * A cipher when the OS has a real keychain; undefined otherwise, and secrets then stay in the
 * user-only (0600) file as in web mode: Linux's "basic_text" fallback encrypts with a key
 * compiled into Electron, which would only pretend to protect them.
 */
export function safeStorageCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return undefined;
  return {
    id: SAFE_STORAGE_CIPHER_ID,
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (encoded) => safeStorage.decryptString(Buffer.from(encoded, 'base64')),
  };
}
