import './outputs.css';
import { useEffect, useState } from 'react';
import type { OutputSummary, ValueSummary } from '../../../main/src/api/outputs.js';
import { cellText, outputName, valueFacts } from '../../../main/src/common/output-text.js';
import { useOutputs, useOutputsActions } from './outputs-context.js';
import type { ThumbnailState } from './outputs-store.js';

/** The first rows of a data frame or array, with each column's dtype under its name. */
function HeadTable({ v }: { v: ValueSummary }) {
  if (!v.head || !v.columns) return null;
  const rows = v.head.rows;
  const total = v.shape?.[0];
  return (
    <div className="data-table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            {v.index ? <th scope="col">{v.index.name === null ? '' : cellText(v.index.name)}</th> : null}
            {v.columns.map((c, i) => (
              <th key={i} scope="col">
                <span className="data-col-name">{cellText(c.name)}</span>
                <span className="data-col-dtype">{c.dtype}</span>
              </th>
            ))}
            {v.columnsTruncated ? <th scope="col">…</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r}>
              {v.index ? <th scope="row">{cellText(v.index.head[r] ?? null)}</th> : null}
              {row.map((c, i) => (
                <td key={i} className={typeof c === 'number' ? 'is-number' : undefined}>
                  {cellText(c)}
                </td>
              ))}
              {v.columnsTruncated ? <td>…</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
      {v.head.truncated && total !== undefined ? (
        <p className="data-more">
          first {rows.length} of {total.toLocaleString('en-US')} rows
        </p>
      ) : null}
    </div>
  );
}

/** Where thumbnails come from when not from the data view's store: a recorded run's files. */
export type ThumbnailLoader = (file: string) => Promise<{ ok: true; value: { mime: string; base64: string } } | { ok: false; message: string }>;

/** The data view's thumbnails: through its store, for the editor's pipeline. */
function StoreThumbnail({ v }: { v: ValueSummary }) {
  const file = v.thumbnail?.file;
  const state = useOutputs((s) => (file ? s.thumbnails[file] : undefined));
  const { loadThumbnail } = useOutputsActions();
  useEffect(() => {
    if (file) loadThumbnail(file);
  }, [file, loadThumbnail]);
  return <ThumbnailView v={v} state={state} />;
}

function LoadedThumbnail({ v, load }: { v: ValueSummary; load: ThumbnailLoader }) {
  const file = v.thumbnail?.file;
  const [state, setState] = useState<ThumbnailState | undefined>();
  useEffect(() => {
    if (!file) return;
    let live = true;
    void load(file).then((out) => live && setState(out.ok ? { phase: 'ready', url: `data:${out.value.mime};base64,${out.value.base64}` } : { phase: 'error', error: out.message }));
    return () => {
      live = false;
    };
  }, [file, load]);
  return <ThumbnailView v={v} state={state} />;
}

function ThumbnailImage({ v, load }: { v: ValueSummary; load?: ThumbnailLoader | undefined }) {
  return load ? <LoadedThumbnail v={v} load={load} /> : <StoreThumbnail v={v} />;
}

function ThumbnailView({ v, state }: { v: ValueSummary; state: ThumbnailState | undefined }) {
  if (!v.thumbnail) return null;
  if (state?.phase === 'ready') return <img className="data-thumbnail" src={state.url} alt={`${v.type}, ${v.width ?? '?'} × ${v.height ?? '?'} px`} width={v.thumbnail.width} height={v.thumbnail.height} />;
  if (state?.phase === 'error') return <p className="data-note">The thumbnail could not be read: {state.error}</p>;
  return <p className="data-note">Loading the thumbnail…</p>;
}

/** One value: its table, text, image, or entries (one level deep). */
export function ValueBody({ v, entries, loadThumbnail }: { v: ValueSummary; entries?: OutputSummary['entries']; loadThumbnail?: ThumbnailLoader | undefined }) {
  return (
    <>
      <HeadTable v={v} />
      {v.value !== undefined ? (
        v.kind === 'text' ? (
          <pre className="data-text">
            {cellText(v.value)}
            {v.truncated ? '…' : ''}
          </pre>
        ) : (
          <code className="data-scalar">{cellText(v.value)}</code>
        )
      ) : null}
      {v.text ? <pre className="data-text">{v.text}</pre> : null}
      <ThumbnailImage v={v} load={loadThumbnail} />
      {v.note ? <p className="data-note">{v.note}</p> : null}
      {v.error ? <p className="data-note is-error">{v.error}</p> : null}
      {entries?.length ? (
        <ul className="data-entries">
          {entries.map((e, i) => (
            <li key={i}>
              <div className="data-entry-head">
                <code>[{JSON.stringify(e.key)}]</code> <span className="data-facts">{valueFacts(e.summary)}</span>
              </div>
              <ValueBody v={e.summary} loadThumbnail={loadThumbnail} />
            </li>
          ))}
          {v.entriesTruncated ? <li className="data-note">… more entries than shown</li> : null}
        </ul>
      ) : null}
    </>
  );
}

export function OutputBlock({ output, loadThumbnail }: { output: OutputSummary; loadThumbnail?: ThumbnailLoader | undefined }) {
  return (
    <article className="data-output" aria-label={`Output ${outputName(output)}`}>
      <header className="data-output-head">
        <code className="data-output-name">{outputName(output)}</code>
        <span className="data-facts">{valueFacts(output, output.storedBytes)}</span>
      </header>
      <ValueBody v={output} entries={output.entries} loadThumbnail={loadThumbnail} />
    </article>
  );
}
