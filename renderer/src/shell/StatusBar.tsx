import './status-bar.css';
import { useEffect } from 'react';
import type { EngineStatus } from '../../../main/src/api/setup.js';
import { useEditor } from '../editor/store/editor-context.js';
import { useHasSetup, useSetupActions, useSetupIfAny } from '../setup/setup-context.js';
import { statusBarItems } from './status-bar-items.js';
import { EnginePicker } from '../engines/EnginePicker.js';
import { useEnginesIfAny, useHasEngines } from '../engines/engine-context.js';

const noEngine = (): EngineStatus | null => null;
// Docker may be started while the app is open: ask again now and then, and when the window gets focus.
const POLL_MS = 15_000;

function useEngineWatch() {
  const actions = useSetupActions();
  useEffect(() => {
    void actions.refresh();
    const timer = setInterval(() => void actions.refresh(), POLL_MS);
    const onFocus = () => void actions.refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [actions]);
}

function EngineWatch() {
  useEngineWatch();
  return null;
}

/** The bottom line of the window: Docker engine and version, the runner, the project. */
export function StatusBar() {
  const engine = useSetupIfAny((s) => s.engine, noEngine());
  const runner = useEditor((s) => s.config?.default_runner ?? null);
  const name = useEditor((s) => s.project?.name ?? null);
  const root = useEditor((s) => s.project?.root ?? null);
  const watching = useHasSetup();
  const picking = useHasEngines();
  const elsewhere = useEnginesIfAny((s) => (s.list?.active?.remote ? s.list.active.name : null), null);
  const items = statusBarItems(engine, runner, name !== null && root !== null ? { name, root } : null, elsewhere);
  return (
    <footer className="status-bar" aria-label="Status bar">
      {watching ? <EngineWatch /> : null}
      {items.map((item) => (
        <span key={item.id} className={`status-item is-${item.tone}`} data-testid={`status-${item.id}`} title={item.title}>
          {item.text}
        </span>
      ))}
      {picking ? <EnginePicker /> : null}
    </footer>
  );
}
