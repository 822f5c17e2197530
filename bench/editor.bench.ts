/**
 * The editor with a 500-step / 700-connection pipeline in headless Debian Chromium against
 * `orchest serve`: open-and-paint time, frame times while dragging a step, and how fast an outside
 * edit of the pipeline file reaches the UI.   npm run bench -- editor
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunch } from '../e2e/support/chromium.js';
import { serve } from '../e2e/support/serve.js';
import { median, percentile } from './support.js';

const STEPS = 500;
const EDGES = 700;

/** A layered DAG: every step past the first layer has a parent in the layer before, plus extra edges. */
function bigPipeline(): Record<string, unknown> {
  const perLayer = 20;
  const ids = Array.from({ length: STEPS }, (_, i) => `step-${String(i).padStart(4, '0')}`);
  const parents: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
  let edges = 0;
  // mulberry32: a small deterministic PRNG, so every run measures the same graph.
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
  for (let i = perLayer; i < STEPS; i++) {
    parents[ids[i]!]!.push(ids[i - perLayer]!);
    edges++;
  }
  while (edges < EDGES) {
    const i = perLayer + rand(STEPS - perLayer);
    const layerStart = Math.floor(i / perLayer) * perLayer - perLayer;
    const p = ids[layerStart + rand(perLayer)]!;
    if (!parents[ids[i]!]!.includes(p)) {
      parents[ids[i]!]!.push(p);
      edges++;
    }
  }
  const steps = Object.fromEntries(
    ids.map((id, i) => [
      id,
      {
        uuid: id,
        title: `Task ${i}`,
        file_path: `s${i}.py`,
        incoming_connections: parents[id],
        kernel: { name: 'python' },
        parameters: {},
        meta_data: { hidden: false, position: [Math.floor(i / perLayer) * 260, (i % perLayer) * 90] },
      },
    ]),
  );
  return { name: 'big', uuid: 'big', version: '1.0.0', settings: {}, parameters: {}, steps };
}

async function openAndPaint(page: Page, url: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(url);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="step-node"]').length >= n, STEPS, { polling: 'raf', timeout: 60_000 });
  // Two frames: the nodes are laid out and painted.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return performance.now() - t0;
}

async function dragFrames(page: Page): Promise<number[]> {
  const node = page.getByRole('group', { name: 'Step Task 0', exact: true });
  const box = await node.boundingBox();
  if (!box) throw new Error('Task 0 is not visible');
  // A string, not a function: tsx's name helpers do not exist inside the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    function tick(t) {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
  })()`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 60; i++) {
    await page.mouse.move(x + i * 3, y + Math.sin(i / 6) * 40);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
}

async function outsideEditLatency(page: Page, file: string, rounds: number): Promise<number[]> {
  const out: number[] = [];
  // The drag before left unsaved positions: an outside edit now would (rightly) ask the user.
  await page.waitForSelector('[data-testid="save-state"][data-state="saved"]', { timeout: 10_000 });
  for (let i = 0; i < rounds; i++) {
    const def = JSON.parse(await readFile(file, 'utf8'));
    const title = `Edited ${i}`;
    def.steps['step-0000'].title = title;
    const seen = page.waitForFunction((t) => document.querySelector(`[aria-label="Step ${t}"]`) !== null, title, { polling: 'raf', timeout: 10_000 });
    const t0 = performance.now();
    await writeFile(file, JSON.stringify(def, null, 4));
    await seen;
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}

export async function editorBench(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-editor-'));
  const home = await mkdtemp(path.join(os.tmpdir(), 'orchest-bench-home-'));
  await mkdir(path.join(root, 'big', '.orchest'), { recursive: true });
  const file = path.join(root, 'big', '.orchest', 'pipeline.json');
  await writeFile(file, JSON.stringify(bigPipeline(), null, 4));
  const served = await serve(root, home);
  const browser = await chromium.launch({ ...chromiumLaunch, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const opens: number[] = [];
    for (let r = 0; r < 3; r++) opens.push(await openAndPaint(page, served.url));
    console.log(`open and paint ${STEPS} steps / ${EDGES} connections: median ${median(opens).toFixed(0)} ms, runs ${opens.map((x) => x.toFixed(0)).join(', ')} ms (target ≤ 1500 ms)`);
    const frames = await dragFrames(page);
    console.log(`drag a step (${frames.length} frames): median ${median(frames).toFixed(1)} ms, p95 ${percentile(frames, 95).toFixed(1)} ms per frame (target < 20 ms)`);
    const lat = await outsideEditLatency(page, file, 20);
    console.log(`outside file edit → UI (${lat.length} edits): median ${median(lat).toFixed(0)} ms, p95 ${percentile(lat, 95).toFixed(0)} ms (target p95 ≤ 300 ms)`);
  } finally {
    await browser.close();
    await served.stop();
    await rm(root, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
}
