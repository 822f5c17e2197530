import { describe, expect, it } from 'vitest';
import { safeStorageCipher, type SafeStorageLike } from './secret-cipher.js';

/** Stands in for Electron's safeStorage: XOR with a key, so the stored form is not the plain text. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const key = 0x5a;
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString: (s) => xor(Buffer.from(s, 'utf8')),
    decryptString: (b) => xor(b).toString('utf8'),
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
  };
}

describe('safeStorage cipher', () => {
  it('encrypts to text that is not the secret and decrypts it back', async () => {
    const cipher = safeStorageCipher(fakeSafeStorage(), 'linux')!;
    const stored = await cipher.encrypt('tok-ünïcode-123');
    expect(stored).not.toContain('tok');
    expect(stored).toMatch(/^[A-Za-z0-9+/=]+$/);
    expect(await cipher.decrypt(stored)).toBe('tok-ünïcode-123');
  });

  it('is not used without a real keychain (unavailable, or Linux basic_text)', () => {
    expect(safeStorageCipher(fakeSafeStorage({ available: false }), 'darwin')).toBeUndefined();
    expect(safeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), 'linux')).toBeUndefined();
    expect(safeStorageCipher(fakeSafeStorage({ backend: 'basic_text' }), 'win32')).toBeDefined();
  });
});
