/**
 * Data passing through the SDK vs writing and reading the same bytes with plain file I/O (and vs
 * plain pickle), all in the same image on the same bind mount, measured in the same run.
 *   npm run bench -- data
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchCore, benchImage, execFileP, makePipelineProject, timeRun } from './support.js';

const MAKE = {
  array: 'import numpy as np\ndata = np.ones(128 * 1024 * 1024, dtype=np.float64)  # 1 GiB\n',
  frame:
    'import numpy as np, pandas as pd\nn = 10_000_000\n' +
    "data = pd.DataFrame({'a': np.arange(n, dtype=np.int64), 'b': np.random.default_rng(0).random(n), 'c': np.arange(n, dtype=np.int32)})\n",
};
const TOUCH = {
  array: 'float(data.sum())',
  frame: "float(data['a'].sum() + data['b'].sum() + data['c'].sum())",
};

function producer(kind: keyof typeof MAKE): string {
  return `import time, orchest\n${MAKE[kind]}t0 = time.perf_counter()\norchest.output(data, name='data')\nprint(f"BENCH write={time.perf_counter() - t0:.6f}")\n`;
}
function consumer(kind: keyof typeof MAKE): string {
  return `import time, orchest\nt0 = time.perf_counter()\ndata = orchest.get_inputs()['data']\n${TOUCH[kind]}\nprint(f"BENCH read={time.perf_counter() - t0:.6f}")\n`;
}

/** Plain file I/O and plain pickle of the same object, in one container on the same mount. */
function baselineScript(kind: keyof typeof MAKE): string {
  const plainWrite =
    kind === 'array'
      ? "with open(p, 'wb') as f: data.tofile(f)"
      : "import numpy as np\nwith open(p, 'wb') as f:\n    for c in data.columns: f.write(data[c].to_numpy().tobytes())";
  const plainRead =
    kind === 'array'
      ? "with open(p, 'rb') as f: data = np.fromfile(f, dtype=np.float64)"
      : "import pandas as pd\nwith open(p, 'rb') as f:\n    raw = f.read()\nn = len(orig)\na = np.frombuffer(raw, np.int64, n, 0); b = np.frombuffer(raw, np.float64, n, 8*n); c = np.frombuffer(raw, np.int32, n, 16*n)\ndata = pd.DataFrame({'a': a, 'b': b, 'c': c}, copy=False)";
  return [
    'import time, pickle, os, numpy as np',
    MAKE[kind],
    'orig = data',
    "p = 'plain.bin'",
    't0 = time.perf_counter()',
    plainWrite,
    'w = time.perf_counter() - t0',
    't0 = time.perf_counter()',
    plainRead,
    TOUCH[kind],
    'r = time.perf_counter() - t0',
    'print(f"PLAIN write={w:.6f} read={r:.6f}")',
    'data = orig',
    't0 = time.perf_counter()',
    "with open('plain.pkl', 'wb') as f: pickle.dump(data, f, protocol=4)",
    'w = time.perf_counter() - t0',
    't0 = time.perf_counter()',
    "with open('plain.pkl', 'rb') as f: data = pickle.load(f)",
    TOUCH[kind],
    'r = time.perf_counter() - t0',
    'print(f"PICKLE write={w:.6f} read={r:.6f}")',
    "os.remove('plain.bin'); os.remove('plain.pkl')",
  ].join('\n');
}

function grab(text: string, key: string): number {
  const m = text.match(new RegExp(`${key}=([0-9.]+)`));
  if (!m) throw new Error(`no ${key} in output:\n${text.slice(-2000)}`);
  return Number(m[1]);
}

async function one(kind: keyof typeof MAKE, label: string, bytesLabel: string): Promise<void> {
  const { root, pipeline } = await makePipelineProject([
    { uuid: 'make', title: 'make', file: 'make.py', source: producer(kind) },
    { uuid: 'use', title: 'use', file: 'use.py', source: consumer(kind), parents: ['make'] },
  ]);
  const core = await benchCore(root);
  try {
    const { state } = await timeRun(core, { pipeline, kind: 'full' });
    const log = async (id: string) => readFile(state.steps.find((s) => s.uuid === id)!.logPath, 'utf8');
    const ours = grab(await log('make'), 'BENCH write') + grab(await log('use'), 'BENCH read');
    await writeFile(path.join(root, 'p', 'baseline.py'), baselineScript(kind));
    const { stdout } = await execFileP('docker', ['run', '--rm', '-v', `${path.join(root, 'p')}:/w`, '-w', '/w', benchImage, 'python3', 'baseline.py'], {
      maxBuffer: 1 << 20,
    });
    const plain = grab(stdout, 'PLAIN write') + grab(stdout, 'read');
    const pickleLine = stdout.split('\n').find((l) => l.startsWith('PICKLE'))!;
    const pickled = grab(pickleLine, 'write') + grab(pickleLine, 'read');
    console.log(
      `3. ${label} (${bytesLabel}): SDK write+read ${ours.toFixed(2)} s, plain file I/O ${plain.toFixed(2)} s, plain pickle ${pickled.toFixed(2)} s → ` +
        `throughput vs plain I/O ${(plain / ours).toFixed(2)}× (target ≥ 0.8×), vs pickle ${(pickled / ours).toFixed(2)}× (target > 1×)`,
    );
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
}

export async function dataPassingBench(): Promise<void> {
  console.log(`data passing on ${benchImage}`);
  await one('array', 'numpy array', '1 GiB float64');
  await one('frame', 'pandas DataFrame', '10 million rows × 3 numeric columns');
}
