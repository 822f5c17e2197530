/**
 * UI frame times while a step's log streams into the log pane: `orchest serve` with the local
 * runner, a step printing ~6,000 lines a second for 10 s, the page in headless Debian Chromium
 * with that step's log open; requestAnimationFrame intervals over 5 s of streaming, against the
 * same page idle (the baseline).   npm run bench -- logs
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunch } from '../e2e/support/chromium.js';
import { serve } from '../e2e/support/serve.js';
import { RunPanel } from '../e2e/pages/runs.js';
import { median, percentile } from './support.js';

const TALK = 'import time\nfor i in range(600):\n    for j in range(10):\n        print(f"line {i * 10 + j}: " + "x" * 80)\n    time.sleep(0.016)\n';

/** rAF intervals for `ms` (a string: tsx's helpers do not exist inside the page). */
async function frames(page: Page, ms: number): Promise<number[]> {
  return page.evaluate(`new Promise((resolve) => {
    const out = [];
    let last = performance.now();
    const end = last + ${ms};
    function tick(t) {
      out.push(t - last);
      last = t;
      if (t < end) requestAnimationFrame(tick); else resolve(out.slice(1));
    }
    requestAnimationFrame(tick);
  })`);
}

const line = (label: string, f: number[]) => `${label} (${f.length} frames): median ${median(f).toFixed(1)} ms, p95 ${percentile(f, 95).toFixed(1)} ms`;

export async function logStreamBench(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-logs-'));
  const home = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-home-'));
  await mkdir(path.join(root, '.orchest'));
  await writeFile(path.join(root, 'talk.py'), TALK);
  await writeFile(path.join(root, '.orchest', 'pipeline.json'), JSON.stringify({ name: 'logs', uuid: 'logs-1', steps: { talk: { uuid: 'talk', title: 'Talk', file_path: 'talk.py', incoming_connections: [], meta_data: { position: [0, 0] } } } }));
  await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  await writeFile(path.join(home, '.config', 'orchest', 'config.json'), JSON.stringify({ default_runner: 'local' }));
  const served = await serve(root, home);
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(served.url);
    const ui = new RunPanel(page);
    await ui.node('Talk').click();
    const idle = await frames(page, 3000);
    await ui.button('Run all').click();
    await page.waitForFunction(() => /line \d+/.test(document.querySelector('[role="log"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const streaming = await frames(page, 5000);
    console.log(line('idle page', idle));
    console.log(`${line('log streaming (~6,000 lines/s)', streaming)} (target p95 < 50 ms; ratio of p95 to idle ${(percentile(streaming, 95) / percentile(idle, 95)).toFixed(2)})`);
  } finally {
    await browser.close();
    await served.stop();
    await rm(root, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
}
