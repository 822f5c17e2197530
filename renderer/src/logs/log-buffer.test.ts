import { describe, expect, it } from 'vitest';
import { ansiSpans } from './ansi-spans.js';
import { LogBuffer, cutNote, cutNoteAt, openSgrAfter, visibleText } from './log-buffer.js';

const lines = (b: LogBuffer) => Array.from({ length: b.lineCount }, (_, i) => b.line(i));

describe('LogBuffer: lines from chunks', () => {
  it('joins a line split across chunks; the unfinished last line shows as it grows', () => {
    const b = new LogBuffer();
    b.append('first li');
    expect(lines(b)).toEqual(['first li']);
    b.append('ne\nsecond');
    expect(lines(b)).toEqual(['first line', 'second']);
    b.append(' line\nthird\n');
    expect(lines(b)).toEqual(['first line', 'second line', 'third']);
    expect(b.size).toBe('first line\nsecond line\nthird\n'.length);
  });

  it('keeps empty lines, drops Windows line ends, and shows what a carriage return left (progress bars)', () => {
    const b = new LogBuffer();
    b.append('a\r\n\n 10%\r 50%\r100%\ndone');
    expect(lines(b)).toEqual(['a', '', '100%', 'done']);
    expect(visibleText('x\ry\r')).toBe('y');
    expect(visibleText('\x1b]0;pip install\x07Collecting numpy')).toBe('Collecting numpy');
  });

  it('indexes across many blocks', () => {
    const b = new LogBuffer({ blockLines: 4 });
    b.append(Array.from({ length: 10 }, (_, i) => `l${i}\n`).join(''));
    expect(b.lineCount).toBe(10);
    expect(b.line(0)).toBe('l0');
    expect(b.line(4)).toBe('l4');
    expect(b.line(9)).toBe('l9');
    expect(b.line(10)).toBe('');
  });

  it('cuts a line past maxLineChars with a note, skips the rest of it, and keeps the next lines', () => {
    const b = new LogBuffer({ maxLineChars: 2048 });
    b.append('before\n' + 'x'.repeat(5000));
    b.append('y'.repeat(5000));
    b.append('z\nafter\n' + 'w'.repeat(3000) + '\nlast');
    const held = lines(b);
    expect(held).toEqual(['before', 'x'.repeat(2048) + cutNote(2048), 'after', 'w'.repeat(2048) + cutNote(2048), 'last']);
    expect(cutNoteAt(held[1]!)).toBe(2048);
    expect(cutNoteAt('after')).toBe(-1);
    expect(b.size).toBeLessThan(5000);
  });

  it('keeps a progress bar that redraws its line (no newline) past maxLineChars: its last drawing', () => {
    const b = new LogBuffer({ maxLineChars: 100 });
    for (let i = 0; i <= 50; i++) b.append(`\rprogress ${i}%`);
    expect(lines(b)).toEqual(['progress 50%']);
  });
});

describe('LogBuffer: ANSI colours', () => {
  it('carries a colour left open at a line end into the next lines, until a reset', () => {
    const b = new LogBuffer();
    b.append('\x1b[31mred starts\nstill red\n\x1b[0mplain\nplain too\n');
    expect(lines(b)).toEqual(['\x1b[31mred starts', '\x1b[31mstill red', '\x1b[31m\x1b[0mplain', 'plain too']);
    expect(ansiSpans(b.line(1))).toEqual([{ text: 'still red', style: { color: 'rgb(187, 0, 0)' } }]);
    expect(ansiSpans(b.line(3))).toEqual([{ text: 'plain too' }]);
  });

  it('the unfinished line gets the open colours too', () => {
    const b = new LogBuffer();
    b.append('\x1b[1;32mok\npartial');
    expect(b.line(1)).toBe('\x1b[1;32mpartial');
  });

  it('knows resets inside a sequence and the arguments of extended colours', () => {
    expect(openSgrAfter([], 'a\x1b[31mb\x1b[0;1mc')).toEqual(['\x1b[1m']);
    expect(openSgrAfter([], 'a\x1b[38;5;0mb')).toEqual(['\x1b[38;5;0m']);
    expect(openSgrAfter(['\x1b[31m'], 'x\x1b[m')).toEqual([]);
    expect(openSgrAfter(['\x1b[31m'], 'no codes')).toEqual(['\x1b[31m']);
  });

  it('turns colours and styles into spans (anser), plain text stays one span', () => {
    expect(ansiSpans('plain')).toEqual([{ text: 'plain' }]);
    expect(ansiSpans('\x1b[1;4;32mbold\x1b[0m rest')).toEqual([
      { text: 'bold', style: { color: 'rgb(0, 187, 0)', fontWeight: 700, textDecoration: 'underline' } },
      { text: ' rest' },
    ]);
    // Sequences that are not colours (cursor moves, clears) are dropped, not shown.
    expect(ansiSpans('a\x1b[2Kb').map((s) => s.text).join('')).toBe('ab');
  });
});

describe('LogBuffer: memory cap', () => {
  it('drops the oldest whole blocks past maxChars and counts what it dropped', () => {
    const b = new LogBuffer({ maxChars: 100, blockLines: 10 });
    for (let i = 0; i < 50; i++) b.append(`line ${String(i).padStart(2, '0')}\n`); // 8 chars each
    expect(b.size).toBeLessThanOrEqual(100);
    expect(b.droppedLines).toBe(40);
    expect(b.droppedChars).toBe(40 * 8);
    expect(b.lineCount).toBe(10);
    expect(b.line(0)).toBe('line 40');
    expect(b.line(9)).toBe('line 49');
  });

  it('a chunk larger than the cap is counted, not split, except its end', () => {
    const b = new LogBuffer({ maxChars: 1000 });
    b.append('held\npart');
    const big = Array.from({ length: 10_000 }, (_, i) => `row ${i}\n`).join('');
    b.append(big);
    expect(b.size).toBeLessThanOrEqual(1000);
    expect(b.line(b.lineCount - 1)).toBe('row 9999');
    // Every line is either kept or counted: 'held', 'partrow 0', rows 1..9999.
    expect(b.droppedLines + b.lineCount).toBe(10_001);
    expect(b.droppedChars + b.size).toBe('held\npart'.length + big.length);
  });
});
