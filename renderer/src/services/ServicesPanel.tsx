import './services.css';
import { useEffect, useMemo, useState } from 'react';
import type { ServiceInfo } from '../../../main/src/api/services.js';
import { DismissibleError } from '../common/DismissibleError.js';
import { useEditor } from '../editor/store/editor-context.js';
import { LogView } from '../logs/LogView.js';
import { useHasServices, useServices, useServicesActions } from './services-context.js';
import { servicesOf, type ServiceLogPane } from './services-store.js';

const statusText = (s: ServiceInfo) => (s.status === 'exited' ? `exited${s.exitCode !== null && s.exitCode !== undefined ? ` (code ${s.exitCode})` : ''}` : s.status === 'starting' ? 'starting…' : 'running');

function ServiceRow({ service }: { service: ServiceInfo }) {
  const actions = useServicesActions();
  return (
    <li className="service-row" data-service={service.name} data-status={service.status}>
      <span className="service-name">{service.name}</span>
      <span className={`service-status is-${service.status}`}>{statusText(service)}</span>
      <span className="service-links">
        {service.urls.map((u) => (
          <a key={u.port} href={u.url} target="_blank" rel="noopener noreferrer" title={`${u.url} (port ${u.port} of ${service.image})`}>
            {service.urls.length > 1 ? `${service.name}:${u.port}` : `Open ${service.name}`}
          </a>
        ))}
      </span>
      <button type="button" onClick={() => actions.openLog(service)} aria-label={`Log of ${service.name}`}>
        Log
      </button>
      {service.message ? <p className="service-message">{service.message}</p> : null}
    </li>
  );
}

function ServiceLog({ log }: { log: ServiceLogPane }) {
  const actions = useServicesActions();
  const [follow, setFollow] = useState(true);
  const placeholder = log.phase === 'loading' ? 'Loading…' : log.phase === 'error' ? `Could not read the log: ${log.error}` : 'No output yet.';
  return (
    <section className="service-log" aria-label={`Log of ${log.name}`}>
      <div className="service-log-header">
        <span>Log: {log.name}</span>
        <button type="button" onClick={actions.closeLog} aria-label="Close the service log">
          ×
        </button>
      </div>
      <LogView buffer={log.buffer} version={log.version} follow={follow} onFollowChange={setFollow} label={`Log of ${log.name}`} placeholder={placeholder} />
    </section>
  );
}

function Panel() {
  const actions = useServicesActions();
  const pipeline = useEditor((s) => s.doc?.path);
  const root = useEditor((s) => s.project?.root);
  const defined = useEditor((s) => Object.keys(s.doc?.pipeline?.services ?? {}).join('\n'));
  const all = useServices((s) => s.services);
  const busy = useServices((s) => s.busy);
  const error = useServices((s) => s.error);
  const log = useServices((s) => s.log);
  const [open, setOpen] = useState(false);
  useEffect(() => void actions.refresh(), [actions]);
  const running = useMemo(() => servicesOf(all, root, pipeline), [all, root, pipeline]);
  const names = defined ? defined.split('\n') : [];
  if (!pipeline || (!names.length && !running.length)) return null;
  const mine = busy?.pipeline === pipeline ? busy.doing : null;
  const idle = names.filter((n) => !running.some((s) => s.name === n));
  return (
    <div className="toolbar-group services">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)} title="The pipeline's services: start them, open their pages, read their logs">
        Services{running.length ? ` (${running.length})` : ''}
      </button>
      {open ? (
        <div className="services-panel" role="dialog" aria-label="Services" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
          <div className="services-actions">
            <button type="button" disabled={mine !== null} onClick={() => void actions.start(pipeline)}>
              {mine === 'starting' ? 'Starting services…' : 'Start services'}
            </button>
            <button type="button" disabled={mine !== null || !running.length} onClick={() => void actions.stop(pipeline)}>
              {mine === 'stopping' ? 'Stopping…' : 'Stop services'}
            </button>
          </div>
          {error ? <DismissibleError className="services-error" message={error} onDismiss={actions.clearError} /> : null}
          <ul className="service-list">
            {running.map((s) => (
              <ServiceRow key={s.id} service={s} />
            ))}
            {idle.map((n) => (
              <li key={n} className="service-row is-idle" data-service={n}>
                <span className="service-name">{n}</span>
                <span className="service-status">not running</span>
              </li>
            ))}
          </ul>
          {log && log.pipeline === pipeline ? <ServiceLog log={log} /> : null}
        </div>
      ) : null}
    </div>
  );
}

/** The open pipeline's services (Orchest's `services`), beside the Jupyter servers in the toolbar. */
export function ServicesPanel() {
  return useHasServices() ? <Panel /> : null;
}
