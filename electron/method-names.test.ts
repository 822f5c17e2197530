import { describe, expect, it } from 'vitest';
import { events, methods } from '../main/src/api/contract.js';
import { EVENT_NAMES, METHOD_NAMES } from '../main/src/api/method-names.js';

// The preload builds window.api from METHOD_NAMES: a contract method missing here would be unreachable in Electron.
describe('method-names.ts', () => {
  it('lists exactly the contract methods', () => {
    expect([...METHOD_NAMES].sort()).toEqual(Object.keys(methods).sort());
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });
  it('lists exactly the contract events', () => {
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });
});
