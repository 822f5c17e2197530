/** IPC channel names shared by the preload and the main process (no imports: the preload bundles it). */
export const EVENT_CHANNEL = 'core:event';

export function methodChannel(method: string): string {
  return `core:${method}`;
}

