import { useCallback, useMemo, useState } from 'react';
import { useEditor, useEditorActions } from '../editor/store/editor-context.js';
import { formatBytes } from './duration.js';
import { projectFileOf } from '../logs/file-refs.js';
import { LogView, type LogFileLinks } from '../logs/LogView.js';
import { useRunActions, useRuns } from './run-context.js';
import type { LogPane } from './run-store.js';

function Notes({ log }: { log: LogPane }) {
  const { buffer } = log;
  if (buffer.droppedLines > 0) {
    return (
      <span className="step-log-note">
        showing the last {formatBytes(buffer.maxChars)} here ({buffer.droppedLines.toLocaleString()} earlier lines left out); the log file has everything
      </span>
    );
  }
  if (log.tailTruncated) {
    return (
      <span className="step-log-note">
        showing the last {formatBytes(log.tailBytes)} of {formatBytes(log.fileSize)}; the log file has everything
      </span>
    );
  }
  return null;
}

function LogPaneView({ log }: { log: LogPane }) {
  const actions = useRunActions();
  const editorActions = useEditorActions();
  const title = useEditor((s) => s.doc?.pipeline?.steps[log.stepId]?.title || 'Untitled step');
  const display = useRuns((s) => s.steps[log.stepId]);
  const [follow, setFollow] = useState(true);
  const path = display?.logPath;
  const root = useEditor((s) => s.project?.root ?? '');
  const pipelineDir = useEditor((s) => s.doc?.dir ?? '');
  const links = useMemo<LogFileLinks>(
    () => ({ resolve: (file) => projectFileOf(file, { root, pipelineDir }), open: (file, line) => void editorActions.openInEditor(file, line) }),
    [root, pipelineDir, editorActions],
  );

  const copyPath = useCallback(() => {
    if (!path) return;
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    if (!clipboard) {
      editorActions.notify(`Log file: ${path}`);
      return;
    }
    clipboard.writeText(path).then(
      () => editorActions.notify('Copied the log file path'),
      () => editorActions.notify(`Log file: ${path}`),
    );
  }, [editorActions, path]);

  const placeholder =
    log.phase === 'loading'
      ? 'Loading…'
      : log.phase === 'error'
        ? null
        : !display
          ? 'No log yet: this step has not run.'
          : display.status === 'PENDING'
            ? 'Waiting for the step to start…'
            : display.status === 'STARTED'
              ? 'No output yet.'
              : 'The step printed nothing.';

  return (
    <section className="step-log" aria-labelledby="step-log-title">
      <div className="step-log-header">
        <h2 id="step-log-title" className="panel-tab">
          Log: {title}
        </h2>
        <Notes log={log} />
        <span className="step-log-spacer" />
        {path ? (
          <>
            {/* Right-to-left so a long path loses its start, not its file name; <bdi> keeps it readable. */}
            <code className="step-log-path" data-testid="step-log-path" title={path}>
              <bdi>{path}</bdi>
            </code>
            <button type="button" onClick={copyPath} title="Copy the log file's path">
              Copy path
            </button>
          </>
        ) : null}
        <button type="button" aria-pressed={follow} onClick={() => setFollow(!follow)} title="Keep the newest lines in view">
          Follow
        </button>
        <button type="button" className="step-log-close" onClick={actions.closeLog} aria-label="Close log" title="Close the log">
          ×
        </button>
      </div>
      {log.phase === 'error' ? <p className="step-log-error">Could not read the log: {log.error}</p> : null}
      <LogView buffer={log.buffer} version={log.version} follow={follow} onFollowChange={setFollow} placeholder={placeholder} links={links} />
    </section>
  );
}

/** The selected step's log: its file's tail, then live output. */
export function StepLogPane() {
  const log = useRuns((s) => s.log);
  if (!log) return null;
  // Keyed by step: a new step starts following its end again.
  return <LogPaneView key={`${log.pipeline}\u0000${log.stepId}`} log={log} />;
}

export function useStepLogOpen(): boolean {
  return useRuns((s) => s.log !== null);
}
