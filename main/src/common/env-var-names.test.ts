import { describe, expect, it } from 'vitest';
import { variableNameProblem } from './env-var-names.js';

describe('variable names', () => {
  it('accepts environment variable names', () => {
    for (const ok of ['API_URL', '_private', 'x1', 'PYTHONPATH']) expect(variableNameProblem(ok), ok).toBeNull();
  });
  it('refuses ORCHEST_* (in any case), empty and malformed names, saying why', () => {
    expect(variableNameProblem('ORCHEST_PROJECT_UUID')).toMatch(/reserved: names starting with ORCHEST_ are set by Orchest/);
    expect(variableNameProblem('orchest_thing')).toMatch(/reserved/);
    expect(variableNameProblem('')).toMatch(/needs a name/);
    expect(variableNameProblem('9LIVES')).toMatch(/not a valid variable name/);
    expect(variableNameProblem('A-B')).toMatch(/not a valid variable name/);
    expect(variableNameProblem('A B')).toMatch(/not a valid variable name/);
  });
});
