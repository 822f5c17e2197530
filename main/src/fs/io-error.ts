/** A file system error in words a user can act on (disk full, quota, read-only), else its own message. */
const WORDS: Record<string, string> = {
  ENOSPC: 'the disk is full (no space left on the device)',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

export function ioErrorText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const words = code ? WORDS[code] : undefined;
  if (words) return `${words}: ${(err as Error).message}`;
  return err instanceof Error ? err.message : String(err);
}

/** What to do about it, for the codes that have a remedy. */
export function ioErrorAdvice(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' ? ' Free some space, then try again.' : '';
}
