import { useEditor } from '../editor/store/editor-context.js';

/** Web mode: the WebSocket to `orchest serve` is down (calls fail until it is back). */
export function ConnectionBanner() {
  const connection = useEditor((s) => s.connection);
  if (connection === 'open') return null;
  return (
    <div className="connection-banner" role="alert">
      {connection === 'connecting' ? 'Connecting to Orchest…' : 'Disconnected — reconnecting…'}
    </div>
  );
}
