import { describe, expect, it } from 'vitest';
import type { VariableSet } from '../../../main/src/api/variables.js';
import { emptyRow, isDirty, rowProblems, rowsFromSet, rowsToInputs } from './variable-rows.js';

const stored: VariableSet = {
  scope: 'project',
  variables: [
    { name: 'REGION', secret: false, value: 'eu' },
    { name: 'TOKEN', secret: true },
  ],
  storage: { file: '/home/u/.config/orchest/variables/x.json', secretsEncrypted: false },
};

describe('variable rows', () => {
  it('keeps a stored secret without sending a value, and sends a typed one', () => {
    const rows = rowsFromSet(stored);
    expect(rows.map((r) => [r.name, r.kept])).toEqual([
      ['REGION', false],
      ['TOKEN', true],
    ]);
    expect(rowsToInputs(rows)).toEqual([
      { name: 'REGION', value: 'eu', secret: false },
      { name: 'TOKEN', secret: true },
    ]);
    expect(isDirty(rows, stored)).toBe(false);
    const typed = rows.map((r) => (r.name === 'TOKEN' ? { ...r, value: 'new', kept: false } : r));
    expect(rowsToInputs(typed)[1]).toEqual({ name: 'TOKEN', value: 'new', secret: true });
    expect(isDirty(typed, stored)).toBe(true);
  });

  it('says what is wrong with a name: reserved, malformed, twice, spaces', () => {
    const rows = [
      { ...emptyRow(), name: 'ORCHEST_X' },
      { ...emptyRow(), name: '2X' },
      { ...emptyRow(), name: 'OK' },
      { ...emptyRow(), name: 'OK' },
      { ...emptyRow(), name: 'A ' },
    ];
    const problems = rowProblems(rows);
    expect(problems[rows[0]!.key]).toMatch(/reserved/);
    expect(problems[rows[1]!.key]).toMatch(/not a valid variable name/);
    expect(problems[rows[2]!.key]).toBeUndefined();
    expect(problems[rows[3]!.key]).toMatch(/listed twice/);
    expect(problems[rows[4]!.key]).toMatch(/spaces around it/);
  });
});
