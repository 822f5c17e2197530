// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { pipelineFixture } from '../testing/fake-core.js';
import { GridPreview } from './GridPreview.js';
import { PIPELINE_PARAMETERS_KEY } from '../../../main/src/common/parameter-grid.js';
import { selectedRuns, type Grid } from './parameter-grid.js';
import { ParameterForm } from './ParameterForm.js';

const pipeline = pipelineFixture([{ id: 'train', title: 'Train' }]);

/** The form and the preview over one grid, as the New job dialog holds them. */
function Harness({ initial, onState }: { initial: Grid; onState: (grid: Grid, runs: ReturnType<typeof selectedRuns>) => void }) {
  const [grid, setGrid] = useState(initial);
  const [deselected, setDeselected] = useState<Set<string>>(new Set());
  onState(grid, selectedRuns(grid, deselected));
  return (
    <>
      <ParameterForm grid={grid} pipeline={pipeline} onChange={setGrid} />
      <GridPreview grid={grid} pipeline={pipeline} deselected={deselected} onChange={setDeselected} />
    </>
  );
}

function mount(initial: Grid) {
  const state: { grid: Grid; runs: ReturnType<typeof selectedRuns> } = { grid: initial, runs: [] };
  render(<Harness initial={initial} onState={(grid, runs) => Object.assign(state, { grid, runs })} />);
  return state;
}

afterEach(cleanup);

describe('parameter form and run preview', () => {
  it('builds a 2×2 grid in typed fields and deselects a run', () => {
    const state = mount({ [PIPELINE_PARAMETERS_KEY]: { dataset: ['iris'] }, train: { lr: [0.1], adam: [true] } });
    const lr = screen.getByRole('group', { name: 'Train lr' });
    expect(within(lr).getByText('number')).toBeTruthy();
    fireEvent.click(within(lr).getByRole('button', { name: 'Add a value to lr' }));
    fireEvent.change(within(lr).getByLabelText('lr value 2'), { target: { value: '0.01' } });
    const dataset = screen.getByRole('group', { name: 'Pipeline dataset' });
    fireEvent.click(within(dataset).getByRole('button', { name: 'Add a value to dataset' }));
    fireEvent.change(within(dataset).getByLabelText('dataset value 2'), { target: { value: 'wine' } });
    expect(state.grid).toEqual({ [PIPELINE_PARAMETERS_KEY]: { dataset: ['iris', 'wine'] }, train: { lr: [0.1, 0.01], adam: [true] } });

    const table = screen.getByRole('table', { name: 'Runs of the job' });
    expect(within(table).getAllByRole('checkbox')).toHaveLength(4);
    expect(screen.getByTestId('selected-runs').textContent).toBe('4 of 4 runs selected');
    // Only what varies is a column; the step's title says whose parameter it is.
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Run', 'dataset (Pipeline)', 'lr (Train)']);
    fireEvent.click(within(table).getByLabelText('Run 2'));
    expect(screen.getByTestId('selected-runs').textContent).toBe('3 of 4 runs selected');
    expect(state.runs.map((r) => [r[PIPELINE_PARAMETERS_KEY]!.dataset, r.train!.lr])).toEqual([
      ['iris', 0.1],
      ['wine', 0.1],
      ['wine', 0.01],
    ]);
  });

  it('keeps an invalid number as a draft with a message, never in the grid', () => {
    const state = mount({ train: { lr: [0.1] } });
    const input = screen.getByLabelText('lr value 1');
    fireEvent.change(input, { target: { value: '0.x' } });
    expect(screen.getByText('"0.x" is not a number.')).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(state.grid).toEqual({ train: { lr: [0.1] } });
    fireEvent.change(input, { target: { value: '0.5' } });
    expect(state.grid).toEqual({ train: { lr: [0.5] } });
    expect(screen.queryByText(/is not a number/)).toBeNull();
  });

  it('sweeps booleans with two boxes, one at least, and lists as comma-separated values', () => {
    const state = mount({ train: { shuffle: [true], layers: [[64, 32]] } });
    const shuffleFalse = screen.getByLabelText('shuffle: false');
    expect((screen.getByLabelText('shuffle: true') as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(shuffleFalse);
    expect(state.grid.train!.shuffle).toEqual([true, false]);
    const layers = screen.getByLabelText('layers value 1') as HTMLInputElement;
    expect(layers.value).toBe('64, 32');
    fireEvent.change(layers, { target: { value: '128, 64, 8' } });
    expect(state.grid.train!.layers).toEqual([[128, 64, 8]]);
    expect(screen.getByRole('button', { name: 'Remove layers value 1' }).hasAttribute('disabled')).toBe(true);
  });

  it('edits the raw JSON as a fallback, refusing what is not the grid format', () => {
    const state = mount({ train: { cfg: [{ depth: 2 }] } });
    expect(within(screen.getByRole('group', { name: 'Train cfg' })).getByText('JSON')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    const box = screen.getByLabelText('Parameter grid (JSON)');
    fireEvent.change(box, { target: { value: '{"train": {"cfg": {"depth": 3}}}' } });
    expect(screen.getByText(/must be a list of values/)).toBeTruthy();
    expect(state.grid).toEqual({ train: { cfg: [{ depth: 2 }] } });
    fireEvent.change(box, { target: { value: '{"train": {"cfg": [{"depth": 3}, {"depth": 4}]}}' } });
    expect(state.grid).toEqual({ train: { cfg: [{ depth: 3 }, { depth: 4 }] } });
    fireEvent.click(screen.getByRole('button', { name: 'Form' }));
    expect((screen.getByLabelText('cfg value 2') as HTMLInputElement).value).toBe('{"depth":4}');
    expect(screen.getByTestId('selected-runs').textContent).toBe('2 of 2 runs selected');
  });

  it('says so when nothing is selected, and that a pipeline without parameters runs once', () => {
    mount({});
    expect(screen.getByText(/no parameters: the job runs it once/)).toBeTruthy();
    expect(screen.getByTestId('selected-runs').textContent).toBe('1 of 1 run selected');
    fireEvent.click(screen.getByRole('button', { name: 'Select none' }));
    expect(screen.getByRole('alert').textContent).toBe('Select at least one run.');
  });
});
