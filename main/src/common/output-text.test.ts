import { describe, expect, it } from 'vitest';
import { cellText, outputName, valueFacts } from './output-text.js';

describe('output facts, as the data view and orchest outputs show them', () => {
  it('frames, series, arrays, images, text, collections', () => {
    expect(valueFacts({ type: 'pandas.DataFrame', kind: 'dataframe', shape: [1000, 1], memoryBytes: 8000 }, 2048)).toBe('pandas.DataFrame · 1,000 rows × 1 column · 7.81 KiB in memory · 2 KiB stored');
    expect(valueFacts({ type: 'pandas.Series', kind: 'series', shape: [1, 1] })).toBe('pandas.Series · 1 row');
    expect(valueFacts({ type: 'numpy.ndarray', kind: 'array', shape: [2, 3, 4], dtype: 'uint8' })).toBe('numpy.ndarray · shape (2, 3, 4) uint8');
    expect(valueFacts({ type: 'PIL.Image', kind: 'image', width: 640, height: 320 })).toBe('PIL.Image · 640 × 320 px');
    expect(valueFacts({ type: 'str', kind: 'text', length: 5 })).toBe('str · 5 characters');
    expect(valueFacts({ type: 'dict', kind: 'mapping', length: 1 })).toBe('dict · 1 key');
    expect(valueFacts({ type: 'bytes', kind: 'bytes', length: 3 })).toBe('bytes · 3 bytes');
  });

  it('names and cells', () => {
    expect(outputName({ name: null })).toBe('(unnamed)');
    expect([null, true, 1.5, 'x'].map(cellText)).toEqual(['None', 'True', '1.5', 'x']);
  });
});
