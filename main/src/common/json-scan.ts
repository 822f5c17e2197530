/**
 * A strict JSON scanner used only to explain files: V8's JSON.parse often reports no position
 * ("Unexpected end of JSON input", "Unexpected token '}', ... is not valid JSON"), and it silently
 * keeps the last of two equal keys, which loses a step without a word. Pure: no Node imports.
 */
export type JsonPathKey = string | number;

export interface JsonSyntaxError {
  message: string;
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface DuplicateKey {
  /** Path of the object holding the key, then the key. */
  path: JsonPathKey[];
  line: number;
  column: number;
}

export interface JsonScan {
  error: JsonSyntaxError | null;
  duplicateKeys: DuplicateKey[];
}

/**
 * Deeper nesting is refused: no pipeline or settings file needs it, and code that walks a value
 * recursively (zod, JSON.stringify, structuredClone) would overflow the stack on it.
 */
export const MAX_JSON_DEPTH = 256;

class ScanFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the file';
  if (ch === '\n' || ch === '\r') return 'a line break';
  return `'${ch}'`;
}

/** Scan `text` as JSON: the first syntax error (with line/column) and every duplicated key. */
export function scanJson(text: string): JsonScan {
  let i = 0;
  const duplicates: { path: JsonPathKey[]; offset: number }[] = [];
  const path: JsonPathKey[] = [];
  const enter = () => {
    if (path.length >= MAX_JSON_DEPTH) fail(`Nested more than ${MAX_JSON_DEPTH} levels deep (objects or arrays inside each other): no such file needs that, it is likely damaged or generated wrongly`);
  };

  const fail = (message: string, at = i): never => {
    throw new ScanFailure(at, message);
  };
  const skipWs = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const str = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('Unterminated string: a closing \'"\' is missing', start);
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return out;
      }
      if (ch === '\\') {
        const esc = text[i + 1];
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('Invalid \\u escape in string: expected 4 hex digits');
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) fail(`Invalid escape "\\${esc ?? ''}" in string`);
        out += esc;
        i += 2;
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) fail(`Unescaped ${ch === '\n' || ch === '\r' ? 'line break' : 'control character'} in string (is a closing '"' missing?)`);
      out += ch;
      i++;
    }
  };

  const num = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(`Invalid number`);
    i += m![0].length;
  };

  const value = (): void => {
    skipWs();
    const ch = text[i];
    if (ch === '{') return obj();
    if (ch === '[') return arr();
    if (ch === '"') {
      str();
      return;
    }
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return num();
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    }
    if (ch === undefined) fail('Unexpected end of the file: a value is missing');
    if (ch === '}' || ch === ']' || ch === ',') fail(`Unexpected ${describeChar(ch)}: a value is missing`);
    if (ch === "'") fail("Strings must use double quotes (\"), not single quotes (')");
    fail(`Unexpected ${describeChar(ch)}: expected a value (object, array, string, number, true, false or null)`);
  };

  const obj = () => {
    enter();
    i++; // {
    const seen = new Set<string>();
    skipWs();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipWs();
      if (text[i] !== '"') {
        if (text[i] === '}') fail("Trailing comma before '}'");
        if (text[i] === "'") fail("Property names must use double quotes (\"), not single quotes (')");
        fail(`Expected a property name in double quotes, found ${describeChar(text[i])}`);
      }
      const keyAt = i;
      const key = str();
      if (seen.has(key)) duplicates.push({ path: [...path, key], offset: keyAt });
      seen.add(key);
      skipWs();
      if (text[i] !== ':') fail(`Expected ':' after property name "${key}", found ${describeChar(text[i])}`);
      i++;
      path.push(key);
      value();
      path.pop();
      skipWs();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] === '"') fail(`Expected ',' or '}' after the value of "${key}": a comma is missing`);
      fail(`Expected ',' or '}' after the value of "${key}", found ${describeChar(text[i])}`);
    }
  };

  const arr = () => {
    enter();
    i++; // [
    skipWs();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let index = 0; ; index++) {
      skipWs();
      if (text[i] === ']') fail("Trailing comma before ']'");
      path.push(index);
      value();
      path.pop();
      skipWs();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      fail(`Expected ',' or ']' after an array element, found ${describeChar(text[i])}`);
    }
  };

  let error: JsonSyntaxError | null = null;
  try {
    skipWs();
    value();
    skipWs();
    if (i < text.length) fail(`Unexpected ${describeChar(text[i])} after the end of the JSON value`);
  } catch (err) {
    if (!(err instanceof ScanFailure)) throw err;
    error = { message: err.message, offset: err.offset, ...lineColumn(text, err.offset) };
  }
  return {
    error,
    duplicateKeys: duplicates.map((d) => ({ path: d.path, ...lineColumn(text, d.offset) })),
  };
}
