/**
 * Pure operations on a pipeline's step graph. A graph is a map from step id to its ordered
 * parents (`incoming_connections`). No React, no Node: the renderer and the scheduler share these.
 */
export type ParentMap = Readonly<Record<string, readonly string[]>>;

/** Children of every step, in a stable order (by the order steps appear in the map). */
export function childrenOf(graph: ParentMap): Record<string, string[]> {
  const children: Record<string, string[]> = {};
  for (const id of Object.keys(graph)) children[id] = [];
  for (const [id, parents] of Object.entries(graph)) {
    for (const parent of parents) children[parent]?.push(id);
  }
  return children;
}

function closure(start: Iterable<string>, next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const id = stack.pop()!;
    for (const n of next(id)) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}

/** All ancestors of the given steps, not including them (unless one is an ancestor of another). */
export function ancestors(graph: ParentMap, ids: Iterable<string>): Set<string> {
  return closure(ids, (id) => (graph[id] ?? []).filter((p) => p in graph));
}

/** All descendants of the given steps, not including them. */
export function descendants(graph: ParentMap, ids: Iterable<string>): Set<string> {
  const children = childrenOf(graph);
  return closure(ids, (id) => children[id] ?? []);
}

/**
 * Find one cycle, as the list of step ids on it (first id repeated at the end is omitted),
 * or null when the graph is acyclic. Unknown parents are ignored (validation reports them).
 */
export function findCycle(graph: ParentMap): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 1);
    stack.push(id);
    for (const parent of graph[id] ?? []) {
      if (!(parent in graph)) continue;
      const s = state.get(parent);
      if (s === 1) return stack.slice(stack.indexOf(parent)).reverse();
      if (s === undefined) {
        const found = visit(parent);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return null;
  };
  for (const id of Object.keys(graph)) {
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return null;
}

/** Would adding the edge source -> target (target gets `source` as parent) create a cycle? */
export function wouldCreateCycle(graph: ParentMap, source: string, target: string): boolean {
  if (source === target) return true;
  return ancestors(graph, [source]).has(target);
}

/**
 * Topological order (parents before children) of the given subset (default: all), stable with
 * respect to the map's order; transitive order through steps outside the subset is kept.
 * Throws on a cycle.
 */
export function topologicalOrder(graph: ParentMap, subset?: Iterable<string>): string[] {
  const include = new Set(subset ?? Object.keys(graph));
  const order: string[] = [];
  const done = new Set<string>();
  const onStack = new Set<string>();
  const visit = (id: string) => {
    if (done.has(id)) return;
    if (onStack.has(id)) throw new Error(`cycle through step ${id}`);
    onStack.add(id);
    // Walk through steps outside the subset too, so an ancestor reached only through them still
    // comes first.
    for (const parent of graph[id] ?? []) if (parent in graph) visit(parent);
    onStack.delete(id);
    done.add(id);
    if (include.has(id)) order.push(id);
  };
  for (const id of Object.keys(graph)) if (include.has(id)) visit(id);
  return order;
}
