import { describe, expect, it } from 'vitest';
import { fieldKind, formatValue, nextValue, parseValue, shortValue } from './parameter-values.js';

describe('parameter fields', () => {
  it('types the field from the values', () => {
    expect(fieldKind([0.1, 2])).toBe('number');
    expect(fieldKind(['adam'])).toBe('text');
    expect(fieldKind([true, false])).toBe('boolean');
    expect(fieldKind([[64, 32], [16]])).toBe('list');
    expect(fieldKind([{ a: 1 }])).toBe('json');
    expect(fieldKind([null])).toBe('json');
    expect(fieldKind([1, 'x'])).toBe('json');
    expect(fieldKind([[1, 'x']])).toBe('json');
    expect(fieldKind([])).toBe('text');
  });

  it('reads numbers, booleans and text back, and says what is wrong', () => {
    expect(parseValue('number', ' 0.5 ')).toEqual({ ok: true, value: 0.5 });
    expect(parseValue('number', 'abc')).toEqual({ ok: false, message: '"abc" is not a number.' });
    expect(parseValue('number', '')).toMatchObject({ ok: false });
    expect(parseValue('boolean', 'True')).toEqual({ ok: true, value: true });
    expect(parseValue('boolean', 'yes')).toMatchObject({ ok: false });
    expect(parseValue('text', ' 12 ')).toEqual({ ok: true, value: ' 12 ' });
  });

  it('reads lists with items of the list’s own type', () => {
    expect(formatValue('list', [64, 32])).toBe('64, 32');
    expect(parseValue('list', '64, 32,8', [1])).toEqual({ ok: true, value: [64, 32, 8] });
    expect(parseValue('list', '1, 2', ['a'])).toEqual({ ok: true, value: ['1', '2'] });
    expect(parseValue('list', 'true,false', [true])).toEqual({ ok: true, value: [true, false] });
    expect(parseValue('list', '1, x', [1])).toEqual({ ok: false, message: expect.stringContaining('"x" is not a number') });
    expect(parseValue('list', '', [1])).toEqual({ ok: true, value: [] });
  });

  it('falls back to JSON', () => {
    expect(formatValue('json', { a: [1] })).toBe('{"a":[1]}');
    expect(parseValue('json', '{"a": null}')).toEqual({ ok: true, value: { a: null } });
    expect(parseValue('json', '{')).toMatchObject({ ok: false, message: expect.stringMatching(/^Invalid JSON/) });
  });

  it('suggests a next value of the same kind', () => {
    expect(nextValue('number', [1, 2])).toBe(3);
    expect(nextValue('boolean', [true])).toBe(false);
    expect(nextValue('text', ['a'])).toBe('');
    expect(nextValue('list', [[1, 2]])).toEqual([1, 2]);
    expect(shortValue('adam')).toBe('adam');
    expect(shortValue([64, 32])).toBe('[64,32]');
  });
});
