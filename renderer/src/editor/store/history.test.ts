import { describe, expect, it } from 'vitest';
import { pipelineFixture } from '../../testing/fake-core.js';
import { HISTORY_LIMIT, emptyHistory, record, redo, undo } from './history.js';

const p = (name: string) => pipelineFixture([], name);

describe('history', () => {
  it('undoes and redoes in order, and a new edit clears redo', () => {
    const [a, b, c] = [p('a'), p('b'), p('c')];
    let h = record(emptyHistory, a);
    h = record(h, b); // present is c
    const u1 = undo(h, c)!;
    expect(u1.pipeline).toBe(b);
    const u2 = undo(u1.history, u1.pipeline)!;
    expect(u2.pipeline).toBe(a);
    expect(undo(u2.history, a)).toBeNull();
    const r1 = redo(u2.history, a)!;
    expect(r1.pipeline).toBe(b);
    const edited = record(r1.history, b);
    expect(redo(edited, p('d'))).toBeNull();
  });

  it('merges consecutive edits with the same key into one entry', () => {
    const [a, b, c] = [p('a'), p('b'), p('c')];
    let h = record(emptyHistory, a, 'title');
    h = record(h, b, 'title');
    h = record(h, c, 'title');
    expect(h.past).toEqual([a]);
    h = record(h, p('x'), 'other');
    expect(h.past).toHaveLength(2);
  });

  it(`keeps at most ${HISTORY_LIMIT} entries`, () => {
    let h = emptyHistory;
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h = record(h, p(String(i)));
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]!.name).toBe('20');
  });
});
