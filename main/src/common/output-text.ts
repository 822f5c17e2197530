import type { Cell, OutputReceiver, OutputSummary, ValueSummary } from '../api/outputs.js';
import { formatBytes } from './step-limits.js';

/** How the data view and `orchest outputs` name an output and its facts (pure, shared). */
export function outputName(summary: Pick<OutputSummary, 'name'>): string {
  return summary.name ?? '(unnamed)';
}

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** "pandas.DataFrame · 50 rows × 2 columns · 1.2 KiB in memory": the facts of one value, on one line. */
export function valueFacts(v: ValueSummary, storedBytes?: number): string {
  const facts: string[] = [v.type];
  if ((v.kind === 'dataframe' || v.kind === 'series') && v.shape) facts.push(v.kind === 'series' ? plural(v.shape[0] ?? 0, 'row') : `${plural(v.shape[0] ?? 0, 'row')} × ${plural(v.shape[1] ?? 0, 'column')}`);
  else if (v.shape) facts.push(`shape (${v.shape.join(', ')})${v.dtype ? ` ${v.dtype}` : ''}`);
  else if (v.dtype) facts.push(v.dtype);
  if (v.kind === 'image' && v.width && v.height) facts.push(`${v.width} × ${v.height} px`);
  if (v.kind === 'text' && v.length !== undefined) facts.push(plural(v.length, 'character'));
  if ((v.kind === 'mapping' || v.kind === 'sequence') && v.length !== undefined) facts.push(plural(v.length, v.kind === 'mapping' ? 'key' : 'item'));
  if (v.kind === 'bytes' && v.length !== undefined) facts.push(formatBytes(v.length));
  if (v.memoryBytes !== undefined) facts.push(`${formatBytes(v.memoryBytes)} in memory`);
  if (storedBytes !== undefined) facts.push(`${formatBytes(storedBytes)} stored`);
  return facts.join(' · ');
}

/** A cell as the table shows it: Python's words for None and booleans (the data comes from Python). */
export function cellText(c: Cell): string {
  if (c === null) return 'None';
  if (typeof c === 'boolean') return c ? 'True' : 'False';
  return String(c);
}

export function receiverText(r: OutputReceiver): string {
  return `"${r.title || r.stepId}" gets it as ${r.as}`;
}
