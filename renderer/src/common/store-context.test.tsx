// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { createStoreContext } from './store-context.js';

interface Counter {
  count: number;
  other: number;
  actions: { bump(): void };
}

const makeCounter = () =>
  createStore<Counter>()((set) => ({ count: 0, other: 0, actions: { bump: () => set((s) => ({ count: s.count + 1 })) } }));

afterEach(cleanup);

describe('createStoreContext', () => {
  const ctx = createStoreContext<Counter>('counter');
  let renders = 0;
  function Count() {
    renders++;
    return <span data-testid="count">{ctx.useSelector((s) => s.count)}</span>;
  }

  it('gives each Provider its own store and re-renders only when the selected value changes', () => {
    const a = makeCounter();
    const b = makeCounter();
    render(
      <>
        <ctx.Provider store={a}>
          <Count />
        </ctx.Provider>
        <ctx.Provider store={b}>
          <span data-testid="b">{'b'}</span>
        </ctx.Provider>
      </>,
    );
    renders = 0;
    act(() => a.getState().actions.bump());
    expect(screen.getByTestId('count').textContent).toBe('1');
    expect(b.getState().count).toBe(0);
    act(() => a.setState({ other: 5 }));
    expect(renders).toBe(1);
  });

  it('refuses use outside a Provider unless it has a fallback, and says so', () => {
    expect(() => render(<Count />)).toThrow(/counter store is used outside its Provider/);
    const withFallback = createStoreContext<Counter>('fallback', makeCounter());
    function Fallback() {
      return <span data-testid="fb">{withFallback.useSelector((s) => s.count)}</span>;
    }
    render(<Fallback />);
    expect(screen.getByTestId('fb').textContent).toBe('0');
  });

  it('answers the fallback value without a store where the feature is optional', () => {
    function Optional() {
      const has = ctx.useHasStore();
      const count = ctx.useSelectorIfAny((s) => s.count, -1);
      return <span data-testid="opt">{`${has}:${count}`}</span>;
    }
    render(<Optional />);
    expect(screen.getByTestId('opt').textContent).toBe('false:-1');
    cleanup();
    const store = makeCounter();
    render(
      <ctx.Provider store={store}>
        <Optional />
      </ctx.Provider>,
    );
    act(() => store.getState().actions.bump());
    expect(screen.getByTestId('opt').textContent).toBe('true:1');
  });
});
