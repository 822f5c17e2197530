/** React Flow edge ids for a connection parent -> child; selection keeps these ids. */
export function edgeId(source: string, target: string): string {
  return `${source}->${target}`;
}

export function parseEdgeId(id: string): [source: string, target: string] | null {
  const at = id.indexOf('->');
  return at < 0 ? null : [id.slice(0, at), id.slice(at + 2)];
}
