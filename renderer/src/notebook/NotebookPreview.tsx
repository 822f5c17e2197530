import './notebook.css';
import { memo, useEffect, useRef } from 'react';
import type { Notebook, NotebookCell, NotebookOutput } from '../../../main/src/api/notebooks.js';
import { ansiSpans } from '../logs/ansi-spans.js';
import { cellTags, joinText, pickMime } from './cell-text.js';
import { useHasNotebook, useNotebook, useNotebookActions } from './notebook-context.js';
import { markdownHtml, safeHtml, svgDataUrl } from './sanitize.js';

/** Terminal text (streams, tracebacks) with its ANSI colours. */
function AnsiText({ text, className }: { text: string; className: string }) {
  return (
    <pre className={className}>
      {text.split('\n').map((line, i, all) => (
        <span key={i}>
          {ansiSpans(line).map((s, j) => (s.style ? <span key={j} style={s.style}>{s.text}</span> : s.text))}
          {i < all.length - 1 ? '\n' : null}
        </span>
      ))}
    </pre>
  );
}

function DisplayData({ data }: { data: Record<string, unknown> }) {
  const mime = pickMime(data);
  if (!mime) return null;
  const value = data[mime];
  if (mime === 'image/png' || mime === 'image/jpeg') {
    return <img className="nb-image" alt="Cell output" src={`data:${mime};base64,${joinText(value).replace(/\s/g, '')}`} />;
  }
  if (mime === 'image/svg+xml') return <img className="nb-image" alt="Cell output (SVG)" src={svgDataUrl(joinText(value))} />;
  if (mime === 'text/html') return <div className="nb-html" dangerouslySetInnerHTML={{ __html: safeHtml(joinText(value)) }} />;
  if (mime === 'text/markdown') return <div className="nb-markdown" dangerouslySetInnerHTML={{ __html: markdownHtml(joinText(value)) }} />;
  return <AnsiText className="nb-text" text={joinText(value)} />;
}

function Output({ output }: { output: NotebookOutput }) {
  switch (output.output_type) {
    case 'stream':
      return <AnsiText className={output.name === 'stderr' ? 'nb-stream nb-stderr' : 'nb-stream'} text={joinText(output.text)} />;
    case 'error':
      return <AnsiText className="nb-error" text={(output.traceback ?? [`${output.ename ?? 'Error'}: ${output.evalue ?? ''}`]).join('\n')} />;
    case 'execute_result':
    case 'display_data':
      return output.data ? <DisplayData data={output.data} /> : null;
    default:
      return null;
  }
}

const Cell = memo(function Cell({ cell, index, editable, saving, onToggle }: { cell: NotebookCell; index: number; editable: boolean; saving: boolean; onToggle: (index: number) => void }) {
  const tags = cellTags(cell.metadata);
  const skipped = tags.includes('skip');
  const source = joinText(cell.source);
  const label = `Cell ${index + 1}`;
  return (
    <article className={`nb-cell nb-${cell.cell_type}${skipped ? ' is-skipped' : ''}`} aria-label={label} data-testid="notebook-cell">
      <div className="nb-cell-header">
        <span className="nb-prompt">{cell.cell_type === 'code' ? `[${cell.execution_count ?? ' '}]` : ''}</span>
        {tags.map((t) => (
          <span key={t} className={t === 'skip' ? 'nb-tag is-skip' : 'nb-tag'}>
            {t}
          </span>
        ))}
        <span className="nb-spacer" />
        {cell.cell_type === 'code' && editable ? (
          <label className="nb-skip" title="Cells tagged skip do not run in a pipeline run">
            <input type="checkbox" checked={skipped} disabled={saving} onChange={() => onToggle(index)} aria-label={`Skip ${label.toLowerCase()}`} />
            Skip
          </label>
        ) : null}
      </div>
      {cell.cell_type === 'markdown' ? (
        <div className="nb-markdown" dangerouslySetInnerHTML={{ __html: markdownHtml(source) }} />
      ) : (
        <pre className="nb-source">
          <code>{source}</code>
        </pre>
      )}
      {cell.outputs?.length ? (
        <div className="nb-outputs" aria-label={`Output of ${label.toLowerCase()}`}>
          {cell.outputs.map((o, i) => (
            <Output key={i} output={o} />
          ))}
        </div>
      ) : null}
    </article>
  );
});

const noToggle = () => undefined;

/** A notebook's cells, read-only (a recorded run's executed notebook): the preview's rendering, no skip boxes. */
export function NotebookCells({ notebook }: { notebook: Notebook }) {
  return (
    <div className="nb-cells">
      {notebook.cells.map((cell, i) => (
        <Cell key={cell.id ?? i} cell={cell} index={i} editable={false} saving={false} onToggle={noToggle} />
      ))}
      {!notebook.cells.length ? <p className="muted">The notebook has no cells.</p> : null}
    </div>
  );
}

function Preview() {
  const target = useNotebook((s) => s.target);
  const source = useNotebook((s) => s.source);
  const executed = useNotebook((s) => s.executed);
  const view = useNotebook((s) => s.view);
  const loading = useNotebook((s) => s.loading);
  const error = useNotebook((s) => s.error);
  const saving = useNotebook((s) => s.saving);
  const actions = useNotebookActions();
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (target) closeRef.current?.focus();
  }, [target]);
  if (!target) return null;
  const shown = view === 'executed' ? executed : source;
  return (
    <section className="notebook-preview" aria-label={`Preview of ${target.path}`}>
      <header className="nb-toolbar">
        <h2 className="nb-title" title={target.path}>
          {target.path}
        </h2>
        {target.step ? (
          <div className="nb-views" role="group" aria-label="Which notebook">
            <button type="button" aria-pressed={view === 'source'} onClick={() => actions.setView('source')}>
              Source
            </button>
            <button type="button" aria-pressed={view === 'executed'} disabled={!executed} onClick={() => actions.setView('executed')} title={executed ? `As the last run executed it (${new Date(executed.modifiedAt).toLocaleString()})` : 'No run of this step has kept its executed notebook yet'}>
              Last run
            </button>
          </div>
        ) : null}
        <button type="button" ref={closeRef} className="nb-close" onClick={actions.close} aria-label="Close the preview">
          ×
        </button>
      </header>
      {error ? (
        <p className="field-error nb-message" role="alert">
          {error}
        </p>
      ) : null}
      {view === 'executed' && executed ? <p className="muted nb-message">The notebook as the last run executed it; skip tags are changed in the source.</p> : null}
      <div className="nb-cells">
        {loading && !shown ? <p className="muted">Loading…</p> : null}
        {shown?.notebook.cells.map((cell, i) => (
          <Cell key={cell.id ?? i} cell={cell} index={i} editable={view === 'source'} saving={saving === i} onToggle={(n) => void actions.toggleSkip(n)} />
        ))}
        {shown && !shown.notebook.cells.length ? <p className="muted">The notebook has no cells.</p> : null}
      </div>
    </section>
  );
}

/** The notebook preview over the canvas: markdown, code and outputs, with skip toggles. */
export function NotebookPreview() {
  return useHasNotebook() ? <Preview /> : null;
}
