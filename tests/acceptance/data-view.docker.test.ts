/**
 * The data between steps, against the real Docker engine: a 2-step pipeline whose first step
 * outputs a DataFrame, an array, a scalar, a text, PNG bytes and a matplotlib figure (in the
 * quickstart image: Debian's pandas, matplotlib and Pillow) runs with `orchest run`; then
 * `orchest outputs --json` and the core's outputs.list / outputs.thumbnail (what the UI calls) show
 * the summaries the SDK wrote in the container, and the thumbnails decode as PNG.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutputSummary, StepOutputs, ValueSummary } from '../../main/src/api/outputs.js';
import { createCore } from '../../main/src/core/core.js';
import { request } from '../../main/src/core/request.js';
import { orchest } from '../support/orchest-cli.js';

const IMAGE = process.env.ORCHEST_QUICKSTART_IMAGE ?? 'orchest-quickstart-base:latest';

const MAKE = `import io
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np, pandas as pd, orchest
from PIL import Image

df = pd.DataFrame({"city": ["c%d" % i for i in range(12)], "temp": np.linspace(-5, 30, 12), "n": np.arange(12)})
png = io.BytesIO()
Image.new("RGB", (640, 320), (200, 30, 30)).save(png, format="PNG")
fig, ax = plt.subplots(figsize=(6, 4), dpi=100)
ax.plot([1, 3, 2])
orchest.output({"df": df, "arr": np.arange(6, dtype=np.float32).reshape(2, 3), "answer": 42, "text": "hello data", "image": png.getvalue(), "figure": fig}, name="bundle")
`;
const USE = `import orchest
got = orchest.get_inputs()["bundle"]
assert got["df"].shape == (12, 3) and got["answer"] == 42, got
print("child got", sorted(got))
`;

/** A PNG's size from its IHDR chunk, or null when the bytes are no PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the data view of a run in Docker', () => {
  let tmp: string;
  let home: string;
  let project: string;

  beforeAll(async () => {
    try {
      await promisify(execFile)('docker', ['image', 'inspect', IMAGE]);
    } catch {
      throw new Error(`The image ${IMAGE} is missing (or Docker is not running). Build it with: node bin/orchest.js image build-offline ${IMAGE} --packages "python3-pip python3-pandas python3-sklearn python3-matplotlib"`);
    }
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-dataview-'));
    home = path.join(tmp, 'home');
    project = path.join(tmp, 'project');
    await mkdir(path.join(project, 'pipe', '.orchest'), { recursive: true });
    const step = (uuid: string, title: string, parents: string[]) => ({ uuid, title, file_path: `${uuid}.py`, incoming_connections: parents, kernel: { name: 'python' }, parameters: {}, meta_data: { position: [0, 0] } });
    const definition = { name: 'data view', uuid: 'dataview-pipe', version: '1.0.0', settings: {}, parameters: {}, steps: { make: step('make', 'Make', []), use: step('use', 'Use', ['make']) } };
    await writeFile(path.join(project, 'pipe', '.orchest', 'pipeline.json'), JSON.stringify(definition, null, 2));
    await writeFile(path.join(project, 'pipe', 'make.py'), MAKE);
    await writeFile(path.join(project, 'pipe', 'use.py'), USE);
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('shows shape, dtypes and first rows, the array, scalar and text, and PNG thumbnails of the image and the figure', async () => {
    const ran = await orchest(['run', path.join(project, 'pipe'), '--image', IMAGE], home);
    expect(ran.code, ran.stderr).toBe(0);
    expect(await readFile(path.join(project, 'pipe', '.orchest', 'logs', 'use.log'), 'utf8')).toContain("child got ['answer', 'arr', 'df', 'figure', 'image', 'text']");

    const listed = await orchest(['outputs', path.join(project, 'pipe'), 'Make', '--json'], home);
    expect(listed.code, listed.stderr).toBe(0);
    const [make] = JSON.parse(listed.stdout) as StepOutputs[];
    expect(make).toMatchObject({ stepId: 'make', state: 'ready', receivers: [{ stepId: 'use', as: 'inputs["bundle"]' }] });
    const bundle = make!.outputs[0]!;
    expect(bundle).toMatchObject({ name: 'bundle', kind: 'mapping', type: 'dict', length: 6, runUuid: make!.run!.id });
    const entry = (key: string): ValueSummary => bundle.entries!.find((e) => e.key === key)!.summary;

    const df = entry('df');
    expect(df).toMatchObject({ kind: 'dataframe', type: 'pandas.DataFrame', shape: [12, 3] });
    expect(df.columns).toEqual([
      { name: 'city', dtype: 'object' },
      { name: 'temp', dtype: 'float64' },
      { name: 'n', dtype: 'int64' },
    ]);
    expect(df.head!.rows).toHaveLength(10);
    expect(df.head!.rows[0]).toEqual(['c0', -5, 0]);
    expect(df.head!.truncated).toBe(true);
    expect(entry('arr')).toMatchObject({ kind: 'array', shape: [2, 3], dtype: 'float32', head: { rows: [[0, 1, 2], [3, 4, 5]] } });
    expect(entry('answer')).toMatchObject({ kind: 'scalar', value: 42 });
    expect(entry('text')).toMatchObject({ kind: 'text', value: 'hello data' });
    expect(entry('image')).toMatchObject({ kind: 'image', width: 640, height: 320 });
    expect(entry('figure')).toMatchObject({ kind: 'image', type: 'matplotlib.Figure', width: 600, height: 400 });

    // The thumbnails, read through the core as the UI reads them (the project `orchest run` used:
    // a pipeline folder without .orchest/environments above it is its own project).
    const core = await createCore({ configDir: path.join(home, '.config', 'orchest'), dataDir: path.join(home, '.local', 'share', 'orchest'), mode: 'test', projectDir: path.join(project, 'pipe'), watchProject: false });
    const pipeline = '.orchest/pipeline.json';
    try {
      const [fromApi] = await request(core, 'outputs.list', { pipeline, stepId: 'make' });
      expect((fromApi!.outputs[0] as OutputSummary).entries).toEqual(bundle.entries);
      const thumbnail = async (key: string) => {
        const { mime, base64 } = await request(core, 'outputs.thumbnail', { pipeline, stepId: 'make', file: entry(key).thumbnail!.file });
        expect(mime).toBe('image/png');
        return pngSize(Buffer.from(base64, 'base64'));
      };
      expect(await thumbnail('image')).toEqual({ width: 256, height: 128 });
      // 6 × 4 inches at the dpi that makes 256 px wide (matplotlib rounds the height).
      const figure = await thumbnail('figure');
      expect(figure?.width).toBe(256);
      expect(Math.abs((figure?.height ?? 0) - (256 * 4) / 6)).toBeLessThan(1.5);
      const [use] = await request(core, 'outputs.list', { pipeline, stepId: 'use' });
      expect(use).toMatchObject({ state: 'none', stepStatus: 'SUCCESS', outputs: [] });
    } finally {
      await core.dispose();
    }

    const text = await orchest(['outputs', path.join(project, 'pipe')], home);
    expect(text.stdout).toContain('  bundle: dict · 6 keys');
    expect(text.stdout).toContain('    ["df"] pandas.DataFrame · 12 rows × 3 columns');
    expect(text.stdout).toContain('      dtypes: city object, temp float64, n int64');
  }, 300_000);
});
