import { describe, expect, it } from 'vitest';
import { lazyService } from './lazy-service.js';

interface Greeter {
  greet(name: string): Promise<string>;
  dispose(): Promise<void>;
}

describe('lazyService', () => {
  it('loads the service at the first call and once; an idle method before it loads nothing', async () => {
    let loads = 0;
    const greeter = lazyService<Greeter>(async () => {
      loads++;
      return { greet: async (name) => `hello ${name}`, dispose: async () => {} };
    }, ['dispose']);
    await greeter.dispose();
    expect(loads).toBe(0);
    expect(await Promise.all([greeter.greet('a'), greeter.greet('b')])).toEqual(['hello a', 'hello b']);
    expect(loads).toBe(1);
    await expect(Promise.resolve(greeter)).resolves.toBe(greeter); // not taken for a promise
  });

  it('passes a failed load to the caller', async () => {
    const broken = lazyService<Greeter>(() => Promise.reject(new Error('chunk missing')), ['dispose']);
    await expect(broken.greet('a')).rejects.toThrow('chunk missing');
  });
});
