import type { Pipeline } from '../../../main/src/api/pipeline.js';
import { expandGrid, gridAxes } from '../../../main/src/common/parameter-grid.js';
import { runKey, scopeLabel, type Grid } from './parameter-grid.js';
import { shortValue } from './parameter-values.js';

/** Above this many combinations the table shows the first ones only (the job still runs all selected). */
const MAX_ROWS = 500;

/** Every run the grid makes, each with a checkbox: unchecked runs are left out of the job. */
export function GridPreview({
  grid,
  pipeline,
  deselected,
  onChange,
}: {
  grid: Grid;
  pipeline: Pipeline | null;
  deselected: ReadonlySet<string>;
  onChange: (deselected: Set<string>) => void;
}) {
  const runs = expandGrid(grid);
  const keys = runs.map(runKey);
  // Only parameters with more than one value tell runs apart; the others are the same in each.
  const axes = gridAxes(grid).filter((a) => a.values.length > 1);
  const selected = keys.filter((k) => !deselected.has(k)).length;
  const toggle = (key: string) => {
    const next = new Set(deselected);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onChange(next);
  };
  return (
    <section className="grid-preview" aria-label="Runs">
      <div className="grid-preview-header">
        <h3>Runs</h3>
        <span data-testid="selected-runs">
          {selected} of {runs.length} run{runs.length === 1 ? '' : 's'} selected
        </span>
        <button type="button" onClick={() => onChange(new Set())} disabled={selected === runs.length}>
          Select all
        </button>
        <button type="button" onClick={() => onChange(new Set(keys))} disabled={selected === 0}>
          Select none
        </button>
      </div>
      <div className="grid-preview-scroll">
        <table aria-label="Runs of the job">
          <thead>
            <tr>
              <th scope="col">Run</th>
              {axes.map((a) => (
                <th scope="col" key={`${a.owner}\u0000${a.name}`}>
                  {a.name} <span className="muted">({scopeLabel(a.owner, pipeline)})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {runs.slice(0, MAX_ROWS).map((run, i) => (
              <tr key={keys[i]} aria-selected={!deselected.has(keys[i]!)}>
                <td>
                  <label>
                    <input type="checkbox" checked={!deselected.has(keys[i]!)} onChange={() => toggle(keys[i]!)} aria-label={`Run ${i + 1}`} /> {i + 1}
                  </label>
                </td>
                {axes.map((a) => (
                  <td key={`${a.owner}\u0000${a.name}`}>{shortValue(run[a.owner]?.[a.name])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {runs.length > MAX_ROWS ? <p className="muted">The first {MAX_ROWS} of {runs.length} runs are shown.</p> : null}
      </div>
      {selected === 0 ? (
        <p className="field-error" role="alert">
          Select at least one run.
        </p>
      ) : null}
    </section>
  );
}
