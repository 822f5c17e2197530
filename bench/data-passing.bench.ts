/**
 * Data passing through the SDK (one step outputs, the next reads) vs writing and reading the same
 * bytes with plain file I/O, and vs plain pickle: same image, same bind mount (the pipeline's
 * folder), same object, every read touching all the data, the libraries the data needs imported
 * before the clock starts on both sides, `os.sync()` before each timed phase so one phase's
 * write-back does not land in the next. Paired rounds after a warm-up, the sides taking turns going
 * first; medians.
 *   npm run bench -- data     (BENCH_ROUNDS, default 3)
 *
 * `npm run bench -- arrow`: in an image with pyarrow and polars (BENCH_ARROW_IMAGE, default the test
 * set-up's orchest-test-arrow:latest), a 10-million-row
 * pandas DataFrame through the SDK's Arrow path (read as pandas, and as polars) vs the SDK's pickle
 * path (the "current" fast path: what a step without pyarrow gets) vs plain pickle, in the same runs.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchCore, benchImage, execFileP, leftoverStepContainers, makePipelineProject, median, timeRun } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

type Kind = 'array' | 'frame';

const IMPORTS: Record<Kind, string> = {
  array: 'import numpy as np',
  frame: 'import numpy as np, pandas as pd',
};
const MAKE: Record<Kind, string> = {
  array: 'data = np.ones(128 * 1024 * 1024, dtype=np.float64)  # 1 GiB',
  frame:
    'n = 10_000_000\n' +
    "data = pd.DataFrame({'a': np.arange(n, dtype=np.int64), 'b': np.random.default_rng(0).random(n), 'c': np.arange(n, dtype=np.int32)})",
};
/** Reads every byte; the value is compared across the three ways, so each really read the data. */
const TOUCH: Record<Kind, string> = {
  array: 'float(data.sum())',
  frame: "float(data['a'].sum() + data['b'].sum() + data['c'].sum())",
};

function producer(kind: Kind, extra: { imports?: string; format?: 'arrow' | 'pickle' } = {}): string {
  const fmt = extra.format ? `, serialization_format='${extra.format}'` : '';
  return [
    'import os, time, orchest',
    IMPORTS[kind],
    extra.imports ?? '',
    MAKE[kind],
    'os.sync()',
    't0 = time.perf_counter()',
    `orchest.output(data, name='data'${fmt})`,
    'print(f"BENCH write={time.perf_counter() - t0:.6f}")',
  ].join('\n');
}

function consumer(kind: Kind): string {
  return [
    'import mmap, os, time, orchest',
    IMPORTS[kind],
    // Where the arrays' memory comes from: the SDK's output file, mapped (no copy), or a copy.
    'def mapped(a):',
    '    while getattr(a, "base", None) is not None: a = a.base',
    '    return isinstance(a, memoryview) and isinstance(a.obj, mmap.mmap)',
    'os.sync()',
    't0 = time.perf_counter()',
    "data = orchest.get_inputs()['data']",
    `check = ${TOUCH[kind]}`,
    'r = time.perf_counter() - t0',
    kind === 'array' ? 'arrays = [data]' : 'arrays = [data[c].to_numpy() for c in data.columns]',
    'print(f"BENCH read={r:.6f} check={check!r} mapped={all(mapped(a) for a in arrays)}")',
  ].join('\n');
}

/** Plain file I/O and plain pickle of the same object, in one container on the same mount. */
function baselineScript(kind: Kind): string {
  // Plain I/O: each array's buffer straight to the file and back into fresh arrays, no extra copy.
  const plainWrite =
    kind === 'array'
      ? "with open('plain.bin', 'wb') as f: data.tofile(f)"
      : "with open('plain.bin', 'wb') as f:\n        for c in data.columns: f.write(data[c].to_numpy())";
  const plainRead =
    kind === 'array'
      ? "with open('plain.bin', 'rb') as f: data = np.fromfile(f, dtype=np.float64)"
      : "with open('plain.bin', 'rb') as f:\n        data = pd.DataFrame({c: np.fromfile(f, dtype=orig[c].dtype, count=len(orig)) for c in orig.columns}, copy=False)";
  return [
    'import os, time, pickle',
    IMPORTS[kind],
    MAKE[kind],
    'orig = data',
    'def timed(phase):',
    '    os.sync()',
    '    t0 = time.perf_counter()',
    '    out = phase()',
    '    return time.perf_counter() - t0, out',
    'def plain_write():',
    `    ${plainWrite}`,
    'def plain_read():',
    `    ${plainRead}`,
    `    return ${TOUCH[kind]}`,
    'def pickle_write():',
    "    with open('plain.pkl', 'wb') as f: pickle.dump(orig, f)  # the default protocol",
    'def pickle_read():',
    "    with open('plain.pkl', 'rb') as f: data = pickle.load(f)",
    `    return ${TOUCH[kind]}`,
    'w, _ = timed(plain_write)',
    'r, check = timed(plain_read)',
    'print(f"PLAIN write={w:.6f} read={r:.6f} check={check!r}")',
    "os.remove('plain.bin')",
    'w, _ = timed(pickle_write)',
    'r, check = timed(pickle_read)',
    'print(f"PICKLE write={w:.6f} read={r:.6f} check={check!r} protocol={pickle.DEFAULT_PROTOCOL}")',
    "os.remove('plain.pkl')",
  ].join('\n');
}

function grab(text: string, key: string): string {
  const m = text.match(new RegExp(`${key}=(\\S+)`));
  if (!m) throw new Error(`no ${key} in output:\n${text.slice(-2000)}`);
  return m[1]!;
}
const num = (text: string, key: string) => Number(grab(text, key));

interface Times {
  write: number;
  read: number;
}
interface Medians extends Times {
  total: number;
}
const medians = (ts: Times[]): Medians => ({
  write: median(ts.map((t) => t.write)),
  read: median(ts.map((t) => t.read)),
  total: median(ts.map((t) => t.write + t.read)),
});
const secs = (t: Medians) => `${t.total.toFixed(2)} s (write ${t.write.toFixed(2)}, read ${t.read.toFixed(2)})`;

/**
 * One unmeasured warm-up of each side (first touches of memory and page cache are slow on a fresh
 * VM), then ROUNDS measured rounds, the sides taking turns going first.
 */
async function alternate(a: (keep: boolean) => Promise<void>, b: (keep: boolean) => Promise<void>): Promise<void> {
  await a(false);
  await b(false);
  for (let r = 0; r < ROUNDS; r++) {
    const [first, second] = r % 2 === 0 ? [a, b] : [b, a];
    await first(true);
    await second(true);
  }
}

async function one(kind: Kind, label: string, bytesLabel: string): Promise<void> {
  const { root, pipeline } = await makePipelineProject([
    { uuid: 'make', title: 'make', file: 'make.py', source: producer(kind) },
    { uuid: 'use', title: 'use', file: 'use.py', source: consumer(kind), parents: ['make'] },
  ]);
  const folder = path.join(root, 'p');
  await writeFile(path.join(folder, 'baseline.py'), baselineScript(kind));
  const core = await benchCore(root);
  const sdk: Times[] = [];
  const plain: Times[] = [];
  const pickled: Times[] = [];
  let pickleProtocol = '';
  const checks = new Set<string>();
  let allMapped = true;

  const runSdk = async (keep: boolean) => {
    const { state } = await timeRun(core, { pipeline, kind: 'full' });
    const log = async (id: string) => readFile(state.steps.find((s) => s.uuid === id)!.logPath, 'utf8');
    const [made, used] = [await log('make'), await log('use')];
    checks.add(grab(used, 'check'));
    allMapped &&= grab(used, 'mapped') === 'True';
    if (keep) sdk.push({ write: num(made, 'BENCH write'), read: num(used, 'BENCH read') });
  };
  const runBaseline = async (keep: boolean) => {
    const { stdout } = await execFileP('docker', ['run', '--rm', '-v', `${folder}:/w`, '-w', '/w', benchImage, 'python3', 'baseline.py'], { maxBuffer: 1 << 20 });
    const [plainLine, pickleLine] = ['PLAIN', 'PICKLE'].map((p) => stdout.split('\n').find((l) => l.startsWith(p)) ?? '');
    for (const line of [plainLine!, pickleLine!]) checks.add(grab(line, 'check'));
    pickleProtocol = grab(pickleLine!, 'protocol');
    if (keep) {
      plain.push({ write: num(plainLine!, 'write'), read: num(plainLine!, 'read') });
      pickled.push({ write: num(pickleLine!, 'write'), read: num(pickleLine!, 'read') });
    }
  };

  try {
    await alternate(runSdk, runBaseline);
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
  if (checks.size !== 1) throw new Error(`the three ways read different data: ${[...checks].join(', ')}`);
  if (!allMapped) throw new Error('the SDK copied the data on read instead of memory-mapping its output');
  const left = await leftoverStepContainers(root);
  if (left.length) throw new Error(`${left.length} step containers left behind: ${left.join(' ')}`);

  const [s, p, k] = [medians(sdk), medians(plain), medians(pickled)];
  console.log(
    `3. ${label} (${bytesLabel}), median of ${ROUNDS}: SDK ${secs(s)}, plain file I/O ${secs(p)}, plain pickle (protocol ${pickleProtocol}) ${secs(k)} → ` +
      `throughput vs plain I/O ${(p.total / s.total).toFixed(2)}× (target ≥ 0.8×), vs pickle ${(k.total / s.total).toFixed(2)}× (target > 1×)`,
  );
}

/** The stored format of this step's input, and its type once read (checked by the arrow bench). */
const INPUT_FORMAT = [
  'import json',
  "parent = orchest._context.step_definition(orchest._context.load_pipeline(), orchest._context.step_uuid())['incoming_connections'][0]",
  "stored = json.load(open(os.path.join(orchest._context.data_dir(), parent, 'meta.json')))['format']",
  'print(f"BENCH stored={stored} type={type(data).__module__.split(\'.\')[0]}.{type(data).__name__}")',
].join('\n');

function arrowConsumer(reader: 'pandas' | 'polars'): string {
  const read = reader === 'polars' ? "orchest.get_inputs(frame_type='polars')['data']" : "orchest.get_inputs()['data']";
  return [
    'import os, time, orchest',
    IMPORTS.frame,
    'import pyarrow',
    reader === 'polars' ? 'import polars' : '',
    'os.sync()',
    't0 = time.perf_counter()',
    `data = ${read}`,
    // The same sum as pandas' of every value of every column (polars sums an int32 column in int32).
    reader === 'polars' ? "check = float(data['a'].sum() + data['b'].sum() + data['c'].cast(polars.Int64).sum())" : `check = ${TOUCH.frame}`,
    'r = time.perf_counter() - t0',
    'print(f"BENCH read={r:.6f} check={check!r}")',
    INPUT_FORMAT,
  ].join('\n');
}

/** Arrow vs the current path vs pickle, for a 10-million-row DataFrame (one pipeline, steps one at a time). */
export async function arrowBench(): Promise<void> {
  const image = process.env.BENCH_ARROW_IMAGE ?? process.env.ORCHEST_TEST_ARROW_IMAGE ?? 'orchest-test-arrow:latest';
  await execFileP('docker', ['image', 'inspect', image]).catch(() => {
    throw new Error(
      `no image ${image} (with pyarrow and polars); build one, e.g. node bin/orchest.js image build-offline ${image} --packages "python3-numpy python3-pandas" --pip "pyarrow polars", or set BENCH_ARROW_IMAGE`,
    );
  });
  const arrowImports = 'import pyarrow';
  const { root, pipeline } = await makePipelineProject(
    [
      { uuid: 'make-arrow', title: 'make arrow', file: 'make_arrow.py', source: producer('frame', { imports: arrowImports, format: 'arrow' }), image },
      { uuid: 'read-pandas', title: 'read pandas', file: 'read_pandas.py', source: arrowConsumer('pandas'), parents: ['make-arrow'], image },
      { uuid: 'read-polars', title: 'read polars', file: 'read_polars.py', source: arrowConsumer('polars'), parents: ['make-arrow'], image },
      { uuid: 'make-pickle', title: 'make pickle', file: 'make_pickle.py', source: producer('frame', { imports: arrowImports, format: 'pickle' }), image },
      { uuid: 'read-current', title: 'read current', file: 'read_current.py', source: arrowConsumer('pandas'), parents: ['make-pickle'], image },
    ],
    1,
  );
  const folder = path.join(root, 'p');
  await writeFile(path.join(folder, 'baseline.py'), baselineScript('frame'));
  const core = await benchCore(root);
  const series: Record<'arrowPandas' | 'arrowPolars' | 'current' | 'pickle', Times[]> = { arrowPandas: [], arrowPolars: [], current: [], pickle: [] };
  const checks: number[] = [];
  const seen = new Set<string>();

  const runSdk = async (keep: boolean) => {
    const { state } = await timeRun(core, { pipeline, kind: 'full' });
    const log = async (id: string) => readFile(state.steps.find((s) => s.uuid === id)!.logPath, 'utf8');
    const logs = Object.fromEntries(await Promise.all(['make-arrow', 'read-pandas', 'read-polars', 'make-pickle', 'read-current'].map(async (id) => [id, await log(id)] as const)));
    for (const id of ['read-pandas', 'read-polars', 'read-current']) {
      checks.push(num(logs[id]!, 'check'));
      seen.add(`${id}: ${grab(logs[id]!, 'stored')} → ${grab(logs[id]!, 'type')}`);
    }
    if (!keep) return;
    series.arrowPandas.push({ write: num(logs['make-arrow']!, 'BENCH write'), read: num(logs['read-pandas']!, 'BENCH read') });
    series.arrowPolars.push({ write: num(logs['make-arrow']!, 'BENCH write'), read: num(logs['read-polars']!, 'BENCH read') });
    series.current.push({ write: num(logs['make-pickle']!, 'BENCH write'), read: num(logs['read-current']!, 'BENCH read') });
  };
  const runPickle = async (keep: boolean) => {
    const { stdout } = await execFileP('docker', ['run', '--rm', '-v', `${folder}:/w`, '-w', '/w', image, 'python3', 'baseline.py'], { maxBuffer: 1 << 20 });
    const line = stdout.split('\n').find((l) => l.startsWith('PICKLE')) ?? '';
    checks.push(num(line, 'check'));
    if (keep) series.pickle.push({ write: num(line, 'write'), read: num(line, 'read') });
  };
  try {
    await alternate(runSdk, runPickle);
  } finally {
    await core.dispose();
    await rm(root, { recursive: true, force: true });
  }
  // pandas and polars may sum floats in another order: equal to the last few bits.
  if (Math.max(...checks) - Math.min(...checks) > 1e-9 * Math.abs(checks[0]!)) throw new Error(`the ways read different data: ${checks.join(', ')}`);
  const expected = ['read-pandas: arrow → pandas.DataFrame', 'read-polars: arrow → polars.DataFrame', 'read-current: pickle → pandas.DataFrame'];
  if ([...seen].sort().join() !== [...expected].sort().join()) throw new Error(`unexpected formats/types: ${[...seen].join('; ')}`);
  const left = await leftoverStepContainers(root);
  if (left.length) throw new Error(`${left.length} step containers left behind: ${left.join(' ')}`);

  const [ap, al, cur, pk] = [medians(series.arrowPandas), medians(series.arrowPolars), medians(series.current), medians(series.pickle)];
  console.log(`arrow data passing on ${image}, pandas DataFrame of 10 million rows × 3 numeric columns, median of ${ROUNDS} (write = orchest.output, read = get_inputs + sum of every column):`);
  console.log(`  SDK Arrow, read as pandas:  ${secs(ap)}`);
  console.log(`  SDK Arrow, read as polars:  ${secs(al)}`);
  console.log(`  SDK current path (pickle 5 + mapped buffers), read as pandas: ${secs(cur)}`);
  console.log(`  plain pickle (default protocol): ${secs(pk)}`);
  const x = (base: Medians, ours: Medians) => `${(base.total / ours.total).toFixed(2)}×`;
  console.log(`  throughput: Arrow→pandas vs pickle ${x(pk, ap)}, vs current ${x(cur, ap)}; Arrow→polars vs pickle ${x(pk, al)}, vs current ${x(cur, al)}`);
}

export async function dataPassingBench(): Promise<void> {
  console.log(`data passing on ${benchImage}: the SDK's read is memory-mapped (checked), every read sums all the data`);
  await one('array', 'numpy array', '1 GiB float64');
  await one('frame', 'pandas DataFrame', '10 million rows × 3 numeric columns');
}
