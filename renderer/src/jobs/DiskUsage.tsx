import { useEffect, useState } from 'react';
import type { StorageCleanRequest } from '../../../main/src/api/jobs.js';
import { formatBytes } from '../runs/duration.js';
import { useJobs, useJobsActions } from './jobs-context.js';

/** What the app's data takes (jobs, runs, logs, outputs, images), with clean-up actions. */
export function DiskUsage() {
  const actions = useJobsActions();
  const usage = useJobs((s) => s.usage);
  const error = useJobs((s) => s.usageError);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);
  useEffect(() => {
    void actions.loadUsage();
  }, [actions]);

  async function clean(request: StorageCleanRequest, what: string) {
    setBusy(true);
    const out = await actions.clean(request);
    setBusy(false);
    setResult(out.ok ? { text: `${what}: removed ${out.value.removed}, freed ${formatBytes(out.value.freedBytes)}.`, tone: 'info' } : { text: out.message, tone: 'error' });
  }
  const action = (label: string, request: StorageCleanRequest, title: string) => (
    <button type="button" disabled={busy} title={title} onClick={() => void clean(request, label)}>
      {label}
    </button>
  );

  return (
    <section className="disk-usage" aria-label="Disk usage">
      <div className="section-header">
        <h2>Disk usage</h2>
        <button type="button" onClick={() => void actions.loadUsage()} disabled={busy}>
          Refresh
        </button>
        <button type="button" onClick={() => actions.show({ kind: 'none' })}>
          Close
        </button>
      </div>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      {result ? (
        <p className={result.tone === 'error' ? 'field-error' : 'field-hint'} role="status">
          {result.text}
        </p>
      ) : null}
      {!usage ? (
        <p className="muted">Measuring…</p>
      ) : (
        <>
          <p>
            <strong data-testid="usage-total">{formatBytes(usage.totalBytes)}</strong> in <code>{usage.dataDir}</code>
          </p>
          {usage.note ? <p className="field-hint">{usage.note}</p> : null}
          <table aria-label="Usage by kind">
            <tbody>
              {usage.categories.map((c) => (
                <tr key={c.category}>
                  <th scope="row">{c.category}</th>
                  <td>{formatBytes(c.bytes)}</td>
                  <td className="muted">
                    {c.items} · {c.description}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="usage-actions" role="group" aria-label="Clean up">
            {action('Delete finished jobs', { target: 'finished-jobs' }, 'Finished jobs of this project, with their runs, snapshots and logs')}
            {action('Trim interactive history', { target: 'interactive-history', keep: 1 }, 'Keep only the last interactive run of each pipeline')}
            {action('Remove orphan snapshots', { target: 'orphans' }, 'Snapshot folders no job or run refers to')}
            {action('Empty shared /data', { target: 'shared-data' }, 'The /data folder of interactive runs')}
          </div>
          <h3>Jobs</h3>
          {usage.jobs.length === 0 ? (
            <p className="muted">No jobs.</p>
          ) : (
            <table aria-label="Usage by job">
              <tbody>
                {usage.jobs.map((j) => (
                  <tr key={j.uuid}>
                    <th scope="row">{j.name}</th>
                    <td>{formatBytes(j.bytes)}</td>
                    <td className="muted">{j.runs} runs</td>
                    <td>{action('Delete finished runs', { target: 'job-runs', jobUuid: j.uuid, keep: 0 }, 'Finished runs of this job, with their snapshots and logs')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Images</h3>
          {usage.images.length === 0 ? (
            <p className="muted">No images.</p>
          ) : (
            <table aria-label="Usage by image">
              <tbody>
                {usage.images.map((img) => (
                  <tr key={img.id}>
                    <th scope="row">{img.tags.join(', ') || img.id.slice(0, 19)}</th>
                    <td>{img.bytes === null ? 'unknown (Docker not reachable)' : formatBytes(img.bytes)}</td>
                    <td className="muted">{img.usedByJobs.length ? `pinned by ${img.usedByJobs.length} job(s)` : ''}</td>
                    <td>{action('Remove image', { target: 'image', id: img.id }, 'Remove this Docker image (refused while an unfinished job pins it)')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
