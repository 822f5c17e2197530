import { useSyncExternalStore } from 'react';

const query = () => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null);

/** The OS theme, live: for what CSS variables cannot reach (colours drawn on a canvas). */
export function useColorScheme(): 'light' | 'dark' {
  return useSyncExternalStore(
    (notify) => {
      const q = query();
      q?.addEventListener('change', notify);
      return () => q?.removeEventListener('change', notify);
    },
    () => (query()?.matches ? 'dark' : 'light'),
    () => 'light',
  );
}
