/**
 * An optional way to encrypt secret values at rest, injected into the core by its host: the
 * Electron shell passes one backed by the OS keychain (safeStorage); web mode and the CLI pass
 * none, and secrets stay in the user-only (0600) variables file as they are.
 */
export interface SecretCipher {
  /** Written beside each encrypted value, so a value is only ever decrypted by the cipher that made it. */
  readonly id: string;
  /** Text -> opaque text (e.g. base64) safe to store in JSON. */
  encrypt(plain: string): string | Promise<string>;
  decrypt(encoded: string): string | Promise<string>;
}
