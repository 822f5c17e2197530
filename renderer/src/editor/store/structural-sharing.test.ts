import { describe, expect, it } from 'vitest';
import { shareEqual } from './structural-sharing.js';

describe('shareEqual', () => {
  it('answers the previous value when nothing changed', () => {
    const prev = { a: [1, { b: 'x' }], c: null };
    expect(shareEqual(prev, JSON.parse(JSON.stringify(prev)))).toBe(prev);
  });

  it('keeps unchanged branches and replaces changed ones', () => {
    const prev = { steps: { a: { title: 'A', pos: [0, 0] }, b: { title: 'B', pos: [1, 1] } } };
    const next = { steps: { a: { title: 'A', pos: [0, 0] }, b: { title: 'B2', pos: [1, 1] } } };
    const out = shareEqual(prev, next);
    expect(out).toEqual(next);
    expect(out).not.toBe(prev);
    expect(out.steps.a).toBe(prev.steps.a);
    expect(out.steps.b).not.toBe(prev.steps.b);
    expect(out.steps.b.pos).toBe(prev.steps.b.pos);
  });

  it('treats a new key order, an added or a removed key as a change', () => {
    const prev = { a: 1, b: 2 };
    expect(shareEqual(prev, { b: 2, a: 1 })).not.toBe(prev);
    expect(Object.keys(shareEqual(prev, { b: 2, a: 1 }))).toEqual(['b', 'a']);
    expect(shareEqual(prev, { a: 1, b: 2, c: 3 })).toEqual({ a: 1, b: 2, c: 3 });
    expect(shareEqual(prev, { a: 1 })).toEqual({ a: 1 });
    expect(shareEqual([1, 2], [1, 2, 3])).toEqual([1, 2, 3]);
    expect(shareEqual([1, 2, 3], [1, 2])).toEqual([1, 2]);
  });

  it('replaces values of a different kind', () => {
    expect(shareEqual({ a: [1] }, { a: { 0: 1 } })).toEqual({ a: { 0: 1 } });
    expect(shareEqual(null, { a: 1 })).toEqual({ a: 1 });
    expect(shareEqual({ a: undefined }, {})).toEqual({});
  });
});
