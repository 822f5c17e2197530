import { describe, expect, it } from 'vitest';
import { ancestors, descendants, findCycle, topologicalOrder, wouldCreateCycle } from './graph.js';

// a -> b -> d, a -> c -> d, e alone
const g = { d: ['b', 'c'], b: ['a'], c: ['a'], a: [], e: [] };

describe('graph', () => {
  it('computes ancestors and descendants', () => {
    expect([...ancestors(g, ['d'])].sort()).toEqual(['a', 'b', 'c']);
    expect([...descendants(g, ['a'])].sort()).toEqual(['b', 'c', 'd']);
  });
  it('orders parents before children', () => {
    const order = topologicalOrder(g);
    expect(order.indexOf('a')).toBeLessThan(order.indexOf('b'));
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('d'));
    expect(order.indexOf('c')).toBeLessThan(order.indexOf('d'));
    expect(topologicalOrder(g, ['d', 'a'])).toEqual(['a', 'd']);
  });
  it('detects cycles and names the steps in them', () => {
    expect(findCycle(g)).toBeNull();
    const cyc = findCycle({ x: ['z'], y: ['x'], z: ['y'], w: [] });
    expect(cyc?.slice().sort()).toEqual(['x', 'y', 'z']);
    expect(findCycle({ s: ['s'] })).toEqual(['s']);
  });
  it('refuses an edge that closes a cycle', () => {
    expect(wouldCreateCycle(g, 'd', 'a')).toBe(true);
    expect(wouldCreateCycle(g, 'a', 'e')).toBe(false);
    expect(wouldCreateCycle(g, 'e', 'e')).toBe(true);
  });
});
