import { useEffect, useState } from 'react';

/**
 * The current time, re-rendering every `intervalMs` while `active`: a running step's duration,
 * or "5 minutes ago" staying true while the page stays open.
 */
export function useNow(active: boolean, intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
