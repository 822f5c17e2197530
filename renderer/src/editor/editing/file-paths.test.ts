import { describe, expect, it } from 'vitest';
import { projectPathFor, stepPathFor, templateForName, titleForFile } from './file-paths.js';
import { parseJsonObject } from './json-object.js';

describe('step file paths (relative to the pipeline folder)', () => {
  it('maps project paths to step paths and back', () => {
    expect(stepPathFor('', 'a/b.py')).toBe('a/b.py');
    expect(stepPathFor('pipe', 'pipe/x.ipynb')).toBe('x.ipynb');
    expect(stepPathFor('pipe/sub', 'pipe/x.py')).toBe('../x.py');
    expect(stepPathFor('pipe', 'other/y.py')).toBe('../other/y.py');
    expect(stepPathFor('pipe', 'pipe.py')).toBe('../pipe.py');
    expect(projectPathFor('pipe', '../other/y.py')).toBe('other/y.py');
    expect(projectPathFor('', 'x.py')).toBe('x.py');
  });

  it('knows titles and templates', () => {
    expect(titleForFile('dir/load data.ipynb')).toBe('load data');
    expect(templateForName('a.sh')).toBe('sh');
    expect(templateForName('analysis.r')).toBe('R');
    expect(templateForName('a.txt')).toBeNull();
  });
});

describe('parseJsonObject', () => {
  it('accepts objects and empty text, refuses the rest with a message', () => {
    expect(parseJsonObject('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseJsonObject('  ')).toEqual({ ok: true, value: {} });
    const bad = parseJsonObject('{"a": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^Invalid JSON/);
    expect(parseJsonObject('[1]')).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
  });
});
