/**
 * Issue 8's Arrow acceptance: in a real image with pyarrow and polars (built offline with
 * `image build-offline --pip` by scripts/setup-test-env.sh), a pandas DataFrame passes between two
 * steps of an `orchest run` as an Arrow IPC file, and the next steps read it as pandas and as polars.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireImage, type RunResult } from '../support/acceptance-images.js';
import { orchest } from '../support/orchest-cli.js';

const IMAGE = process.env.ORCHEST_TEST_ARROW_IMAGE ?? 'orchest-test-arrow:latest';

const MAKE = `import numpy as np, pandas as pd, orchest
df = pd.DataFrame({"id": np.arange(100_000), "score": np.arange(100_000) / 10, "label": ["even", "odd"] * 50_000})
orchest.output(df.set_index("id"), name="scores")
print("made", len(df), "rows")
`;
const READ_PANDAS = `import orchest
df = orchest.get_inputs()["scores"]
print("pandas:", type(df).__name__, len(df), "rows, index", df.index.name, "score sum", df["score"].sum())
df.loc[df["label"] == "odd", "score"] = 0  # an ordinary, writable frame
print("after edit:", df["score"].sum())
`;
const READ_POLARS = `import orchest, polars as pl
df = orchest.get_inputs(frame_type="polars")["scores"]
print("polars:", type(df).__name__, df.height, "rows, columns", df.columns, "odd", df.filter(pl.col("label") == "odd").height)
`;

describe('Arrow data passing in an image with pyarrow (Docker)', () => {
  let tmp: string;
  let home: string;
  let folder: string;

  beforeAll(async () => {
    await requireImage(IMAGE, '--packages "python3-numpy python3-pandas" --pip "pyarrow polars"');
    tmp = await mkdtemp(path.join(os.tmpdir(), 'orchest-arrow-'));
    home = path.join(tmp, 'home');
    folder = path.join(tmp, 'project', 'arrow');
    await mkdir(path.join(folder, '.orchest'), { recursive: true });
    const step = (uuid: string, file: string, parents: string[], x: number) => ({
      uuid,
      title: uuid,
      file_path: file,
      incoming_connections: parents,
      image: IMAGE,
      kernel: { name: 'python', display_name: 'Python 3' },
      parameters: {},
      meta_data: { hidden: false, position: [x, 0] },
    });
    const pipeline = {
      name: 'arrow',
      uuid: 'arrow-acceptance',
      version: '1.0.0',
      settings: {},
      parameters: {},
      steps: { make: step('make', 'make.py', [], 0), pandas: step('pandas', 'pandas_reader.py', ['make'], 200), polars: step('polars', 'polars_reader.py', ['make'], 200) },
    };
    await writeFile(path.join(folder, '.orchest', 'pipeline.json'), JSON.stringify(pipeline, null, 2));
    await writeFile(path.join(folder, 'make.py'), MAKE);
    await writeFile(path.join(folder, 'pandas_reader.py'), READ_PANDAS);
    await writeFile(path.join(folder, 'polars_reader.py'), READ_POLARS);
    await mkdir(path.join(home, '.config', 'orchest'), { recursive: true });
  });
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('stores the DataFrame as Arrow IPC; the next steps read it as pandas and as polars', async () => {
    const out = await orchest(['run', folder, '--json'], home);
    expect(out.code, out.stderr + out.stdout).toBe(0);
    const result = JSON.parse(out.stdout) as RunResult;
    expect(result.steps.map((s) => s.status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    const log = (title: string) => readFile(result.steps.find((s) => s.title === title)!.log_path, 'utf8');

    const stored = path.join(folder, '.orchest', 'data', 'make');
    const meta = JSON.parse(await readFile(path.join(stored, 'meta.json'), 'utf8')) as { format: string; arrow_type: string; name: string };
    expect(meta).toMatchObject({ format: 'arrow', arrow_type: 'pandas', name: 'scores' });
    expect((await stat(path.join(stored, 'data.arrow'))).size).toBeGreaterThan(100_000 * 16);
    // The file is plain Arrow IPC: its magic bytes open and close it.
    const bytes = await readFile(path.join(stored, 'data.arrow'));
    expect(bytes.subarray(0, 6).toString('latin1')).toBe('ARROW1');
    expect(bytes.subarray(-6).toString('latin1')).toBe('ARROW1');

    const sum = (100_000 * 99_999) / 2 / 10;
    const pandas = await log('pandas');
    expect(pandas).toContain(`pandas: DataFrame 100000 rows, index id score sum ${sum.toFixed(1)}`);
    expect(pandas).toContain(`after edit: ${((50_000 * 99_998) / 2 / 10).toFixed(1)}`);
    expect(await log('polars')).toContain("polars: DataFrame 100000 rows, columns ['score', 'label', 'id'] odd 50000");
  }, 600_000);
});
