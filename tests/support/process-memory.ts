/** Resident memory of a process (Linux /proc), sampled while a test runs. */
import { readFileSync } from 'node:fs';

export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** Samples `pid`'s RSS every `everyMs` until stopped; `peak` is the highest seen. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number; readonly peak: number } {
  let peak = 0;
  const take = () => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      /* the process ended */
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
    get peak() {
      return peak;
    },
  };
}
