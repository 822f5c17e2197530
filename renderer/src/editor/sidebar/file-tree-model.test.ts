import { describe, expect, it } from 'vitest';
import { buildFileTree } from './file-tree-model.js';

describe('buildFileTree', () => {
  it('nests folders first, sorted, and hides app internals', () => {
    const tree = buildFileTree(['b.py', 'data/x.csv', 'a.ipynb', 'data/sub/y.py', '.orchest/pipeline.json', 'p.orchest']);
    expect(tree.map((n) => n.name)).toEqual(['data', 'a.ipynb', 'b.py', 'p.orchest']);
    expect(tree[0]!.children!.map((n) => n.path)).toEqual(['data/sub', 'data/x.csv']);
    expect(tree[0]!.children![0]!.children![0]!.path).toBe('data/sub/y.py');
  });

  it('shows folders that hold no file yet', () => {
    const tree = buildFileTree(['a.py', 'data/x.csv'], ['data', 'empty', 'data/new']);
    expect(tree.map((n) => [n.name, Boolean(n.children)])).toEqual([['data', true], ['empty', true], ['a.py', false]]);
    expect(tree[0]!.children!.map((n) => n.path)).toEqual(['data/new', 'data/x.csv']);
  });
});
