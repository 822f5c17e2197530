// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogBuffer } from './log-buffer.js';
import { LOG_ROW_HEIGHT, LogView } from './LogView.js';

afterEach(cleanup);

/** jsdom has no layout: give the scroller a height and a scroll position that sticks. */
function fakeScroller(el: HTMLElement, height: number) {
  let top = 0;
  Object.defineProperty(el, 'clientHeight', { configurable: true, get: () => height });
  Object.defineProperty(el, 'scrollHeight', { configurable: true, get: () => parseFloat((el.firstElementChild as HTMLElement).style.height) });
  Object.defineProperty(el, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => (top = v) });
}

function millionLines(): LogBuffer {
  const buffer = new LogBuffer({ maxChars: 64 * 1024 * 1024 });
  const block: string[] = [];
  for (let i = 0; i < 1_000_000; i++) block.push(i % 1000 === 0 ? `\x1b[32mline ${i}\x1b[0m` : `line ${i}`);
  buffer.append(block.join('\n') + '\n');
  return buffer;
}

describe('LogView', () => {
  it('renders only the visible lines of 1,000,000, and follows the end', () => {
    const buffer = millionLines();
    expect(buffer.lineCount).toBe(1_000_000);
    const onFollowChange = vi.fn();
    render(<LogView buffer={buffer} version={1} follow={true} onFollowChange={onFollowChange} />);
    const log = screen.getByRole('log', { name: 'Step log' });
    const rows = log.querySelectorAll('.log-line');
    // 300 px of 18 px rows plus overscan: a few dozen rows, not a million.
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(60);
    // Following: the last line is rendered.
    expect(rows[rows.length - 1]!.textContent).toBe('line 999999\n');
    expect(log.textContent).not.toContain('line 0\n');
  });

  it('scrolling renders the lines at the new position, with their colours; scrolling up stops following', () => {
    const buffer = millionLines();
    const onFollowChange = vi.fn();
    const { rerender } = render(<LogView buffer={buffer} version={1} follow={false} onFollowChange={onFollowChange} />);
    const log = screen.getByRole('log', { name: 'Step log' });
    fakeScroller(log, 360);
    expect(log.querySelector('.log-line')!.textContent).toBe('line 0\n');
    expect(log.querySelector('.log-line span')!.getAttribute('style')).toContain('color: rgb(0, 187, 0)');

    // Scrolling is scaled past the maximum content height: the middle of the bar is the middle line.
    const content = log.firstElementChild as HTMLElement;
    const height = parseFloat(content.style.height);
    expect(height).toBeLessThanOrEqual(8_000_000);
    act(() => {
      log.scrollTop = (height - 360) / 2;
      fireEvent.scroll(log);
    });
    const texts = [...log.querySelectorAll('.log-line')].map((r) => r.textContent);
    expect(texts.some((t) => t === 'line 500000\n')).toBe(true);
    expect(log.querySelectorAll('.log-line').length).toBeLessThan(60);
    expect(onFollowChange).not.toHaveBeenCalled();

    // At the end: following again.
    act(() => {
      log.scrollTop = height - 360;
      fireEvent.scroll(log);
    });
    expect(onFollowChange).toHaveBeenLastCalledWith(true);
    rerender(<LogView buffer={buffer} version={2} follow={true} onFollowChange={onFollowChange} />);
    act(() => {
      log.scrollTop = 0;
      fireEvent.scroll(log);
    });
    expect(onFollowChange).toHaveBeenLastCalledWith(false);
  });

  it('shows new lines as they come while following', () => {
    const buffer = new LogBuffer();
    const props = { buffer, follow: true, onFollowChange: () => undefined, placeholder: 'No output yet.' };
    const { rerender } = render(<LogView {...props} version={0} />);
    expect(screen.getByText('No output yet.')).toBeTruthy();
    for (let i = 0; i < 500; i++) buffer.append(`tick ${i}\n`);
    rerender(<LogView {...props} version={1} />);
    const log = screen.getByRole('log', { name: 'Step log' });
    expect(screen.queryByText('No output yet.')).toBeNull();
    expect(log.textContent).toContain('tick 499');
    expect(log.textContent).not.toContain('tick 0\n');
    expect(parseFloat((log.firstElementChild as HTMLElement).style.height)).toBe(500 * LOG_ROW_HEIGHT);
  });
});
