/**
 * Where each value of a JSON text is (offsets into the text), so an edit can change one value and
 * leave every other byte as it was. Only for text JSON.parse has already accepted: it does not
 * explain syntax errors (see common/json-scan.ts for that). Pure.
 */
export type JsonNode =
  | { kind: 'object'; start: number; end: number; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; items: JsonNode[] }
  | { kind: 'scalar'; start: number; end: number };

export interface JsonMember {
  key: string;
  /** Offsets of the key's opening quote and just past its closing one. */
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

const WS = new Set([' ', '\t', '\n', '\r']);

export function jsonRanges(text: string): JsonNode {
  let i = 0;
  const skipWs = () => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    return j + 1;
  };
  const value = (): JsonNode => {
    skipWs();
    const start = i;
    const ch = text[i];
    if (ch === '{') {
      i++;
      const members: JsonMember[] = [];
      skipWs();
      while (text[i] !== '}') {
        skipWs();
        const keyStart = i;
        i = stringEnd(i);
        const key = JSON.parse(text.slice(keyStart, i)) as string;
        const keyEnd = i;
        skipWs();
        i++; // ':'
        members.push({ key, keyStart, keyEnd, value: value() });
        skipWs();
        if (text[i] === ',') i++;
        skipWs();
      }
      i++;
      return { kind: 'object', start, end: i, members };
    }
    if (ch === '[') {
      i++;
      const items: JsonNode[] = [];
      skipWs();
      while (text[i] !== ']') {
        items.push(value());
        skipWs();
        if (text[i] === ',') i++;
        skipWs();
      }
      i++;
      return { kind: 'array', start, end: i, items };
    }
    if (ch === '"') {
      i = stringEnd(i);
      return { kind: 'scalar', start, end: i };
    }
    while (i < text.length && !WS.has(text[i]!) && text[i] !== ',' && text[i] !== '}' && text[i] !== ']') i++;
    return { kind: 'scalar', start, end: i };
  };
  return value();
}

export function member(node: JsonNode | undefined, key: string): JsonMember | undefined {
  return node?.kind === 'object' ? node.members.find((m) => m.key === key) : undefined;
}
