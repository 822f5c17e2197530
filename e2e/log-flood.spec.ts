/**
 * A step that prints a 10 MB line, binary bytes and output without newlines, run by the local
 * runner through `orchest serve`, its log open in Debian's Chromium: the pane shows the step's
 * later lines with a note where it cut a line, stays usable, and the page's JS heap stays bounded
 * (tests/faults/log-flood.test.ts covers the core's side: the file keeps every byte).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunPanel } from './pages/runs.js';
import { expect, makeProject, test } from './support/fixtures.js';
import { removeDir } from './support/serve.js';

const FLOOD = [
  'import sys',
  'print("before the flood", flush=True)',
  'sys.stdout.write("J" * 10_000_000 + "\\n")',
  'sys.stdout.flush()',
  'sys.stdout.buffer.write(bytes(range(256)) * 4_000)',
  'sys.stdout.flush()',
  'for _ in range(50):',
  '    sys.stdout.write("n" * 100_000)',
  'sys.stdout.write("\\n")',
  'for i in range(3):',
  '    print(f"after the flood {i}")',
  '',
].join('\n');

// The page takes about 5 MB of JS heap; the pane keeps at most 8 M characters of a log and the
// first 16 KB of a line (about 6 MB in all here): the bound leaves room, not a 10 MB line twice over.
const HEAP_BOUND = 24 * 1024 * 1024;

test('a step printing a 10 MB line, binary bytes and no newlines: the pane shows its later lines, stays usable, the heap stays bounded', async ({ openApp, home }) => {
  const project = await makeProject([{ folder: 'p', name: 'flood', steps: { flood: { title: 'Flood', file: 'flood.py' } } }], { 'p/flood.py': FLOOD });
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_runner: 'local' }));
  try {
    const { editor, served } = await openApp(project);
    const page = editor.page;
    const runs = new RunPanel(page);
    await runs.node('Flood').click();
    await expect(runs.log).toBeVisible();
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const before = await heap();
    await runs.button('Run all').click();
    await runs.expectStatus('Flood', 'SUCCESS', 60_000);

    await expect(runs.log).toContainText('after the flood 2');
    // The line of 5 MB without a newline is cut where the pane stops keeping it, and says so.
    await expect(runs.log.locator('.log-line', { hasText: 'after the flood 0' })).toHaveCount(1);
    await expect(runs.log.getByText(/line cut at 16 KB: the log file has all of it/).last()).toBeVisible();

    // The pane open, holding what it keeps of the flood.
    const usedSize = await heap();
    console.log(`page JS heap: ${(before / 1024 / 1024).toFixed(1)} MB before the run, ${(usedSize / 1024 / 1024).toFixed(1)} MB with the flood's log open`);
    expect(usedSize).toBeLessThan(HEAP_BOUND);

    // Usable: the page answers clicks (Follow toggles, the pane closes).
    const follow = page.getByRole('button', { name: 'Follow', exact: true });
    await expect(follow).toHaveAttribute('aria-pressed', 'true');
    await follow.click();
    await expect(follow).toHaveAttribute('aria-pressed', 'false');
    await page.getByRole('button', { name: 'Close log', exact: true }).click();
    await expect(runs.log).toHaveCount(0);

    expect(served.output()).not.toMatch(/Error/);
  } finally {
    await removeDir(project);
  }
});
