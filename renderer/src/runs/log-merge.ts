/**
 * Joining a log's tail read from the file with the live chunks that came around the same time.
 * Chunks carry no offsets, and the core batches live text (~50 ms), so the first chunks after a
 * read may repeat its end. The live text is the stream from some point at or before the read's end:
 * the largest prefix of it that is also a suffix of the read text was already shown.
 */

/** Length of the longest prefix of `next` that `text` ends with. */
export function overlapLength(text: string, next: string): number {
  const max = Math.min(text.length, next.length);
  if (max === 0) return 0;
  const probeLength = Math.min(max, 64);
  const probe = next.slice(0, probeLength);
  // Long overlaps: jump between occurrences of the probe, earliest first (= longest overlap).
  for (let at = text.indexOf(probe, text.length - max); at !== -1 && text.length - at >= probeLength; at = text.indexOf(probe, at + 1)) {
    const k = text.length - at;
    if (next.startsWith(text.slice(at))) return k;
  }
  for (let k = Math.min(max, probeLength - 1); k > 0; k--) {
    if (text.endsWith(next.slice(0, k))) return k;
  }
  return 0;
}

/** The part of `live` (chunks received since just before the read) not already in `read`. */
export function liveAfterRead(read: string, live: readonly string[]): string {
  const joined = live.join('');
  return joined.slice(overlapLength(read, joined));
}
