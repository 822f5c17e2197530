import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setCellTag } from './cell-tags.js';
import { jsonRanges } from './json-ranges.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

function edited(text: string, index: number, on: boolean): string {
  const result = setCellTag(text, index, 'skip', on);
  if (!result.ok) throw new Error(result.reason);
  return result.text;
}

/** The text outside cell `index` (before and after it), which no tag edit of that cell may touch. */
function outsideCell(text: string, index: number): [string, string] {
  const root = jsonRanges(text);
  const cells = root.kind === 'object' ? root.members.find((m) => m.key === 'cells')!.value : null;
  const cell = cells?.kind === 'array' ? cells.items[index]! : null;
  return [text.slice(0, cell!.start), text.slice(cell!.end)];
}

const hasSkip = (text: string, index: number) => ((JSON.parse(text) as { cells: Array<{ metadata: { tags?: string[] } }> }).cells[index]!.metadata.tags ?? []).includes('skip');

describe('toggling a cell tag as a text edit', () => {
  for (const name of ['source', 'executed']) {
    it(`writes exactly what nbformat writes, for every cell of a real notebook (${name}.ipynb)`, async () => {
      const text = await fs.readFile(path.join(FIXTURES, `${name}.ipynb`), 'utf8');
      const cells = (JSON.parse(text) as { cells: unknown[] }).cells.length;
      for (let i = 0; i < cells; i++) {
        const want = await fs.readFile(path.join(FIXTURES, 'nbformat-toggled', `${name}-${i}.ipynb`), 'utf8');
        expect(edited(text, i, !hasSkip(text, i)), `cell ${i}`).toBe(want);
      }
    });
  }

  it('changes only the cell, and toggling twice gives the file back byte for byte (the example notebooks)', async () => {
    const dirs = ['quickstart', 'hello-pipeline', 'r-python-mix'];
    const notebooks = (await Promise.all(dirs.map(async (d) => (await fs.readdir(path.join(EXAMPLES, d))).filter((f) => f.endsWith('.ipynb')).map((f) => path.join(EXAMPLES, d, f))))).flat();
    expect(notebooks.length).toBeGreaterThan(3);
    for (const file of notebooks) {
      const text = await fs.readFile(file, 'utf8');
      const cells = (JSON.parse(text) as { cells: unknown[] }).cells.length;
      for (let i = 0; i < cells; i++) {
        const on = edited(text, i, true);
        expect(hasSkip(on, i), `${file} cell ${i}`).toBe(true);
        const [before, after] = outsideCell(text, i);
        expect(on.startsWith(before) && on.endsWith(after), `${file} cell ${i}: only the cell changes`).toBe(true);
        if (!hasSkip(text, i)) expect(edited(on, i, false), `${file} cell ${i}: back`).toBe(text);
      }
    }
  });

  it('keeps other tags, compact JSON, CRLF line endings and a cell without metadata', () => {
    const compact = '{"cells":[{"cell_type":"code","metadata":{"tags":["a"]},"source":"x"},{"cell_type":"code","source":"y"}],"nbformat":4}';
    expect(edited(compact, 0, true)).toBe(compact.replace('["a"]', '["a","skip"]'));
    expect(edited(edited(compact, 0, true), 0, false)).toBe(compact);
    expect(edited(compact, 1, true)).toBe(compact.replace('"code","source":"y"', '"code","metadata":{"tags":["skip"]},"source":"y"'));
    const crlf = '{\r\n "cells": [\r\n  {\r\n   "cell_type": "code",\r\n   "metadata": {},\r\n   "source": "x"\r\n  }\r\n ]\r\n}\r\n';
    expect(edited(crlf, 0, true)).toBe(crlf.replace('"metadata": {}', '"metadata": {\r\n    "tags": [\r\n     "skip"\r\n    ]\r\n   }'));
    expect(edited(edited(crlf, 0, true), 0, false)).toBe(crlf);
  });

  it('answers unchanged when the cell already is as asked, and refuses what it cannot edit', () => {
    const nb = '{"cells":[{"cell_type":"code","metadata":{"tags":"skip"},"source":""}]}';
    expect(setCellTag('{"cells":[{"metadata":{}}]}', 0, 'skip', false)).toEqual({ ok: true, text: '{"cells":[{"metadata":{}}]}', changed: false });
    expect(setCellTag(nb, 0, 'skip', true)).toEqual({ ok: false, reason: 'cell 1 has "tags" that are not a list' });
    expect(setCellTag(nb, 3, 'skip', true)).toEqual({ ok: false, reason: 'the notebook has no cell 4' });
    expect(setCellTag('{"cells": [', 0, 'skip', true)).toMatchObject({ ok: false, reason: expect.stringContaining('not valid JSON') });
  });
});
