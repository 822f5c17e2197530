/**
 * Every path that comes in through the API, as a client sends it: '..', absolute, Windows-style
 * ("C:\\..", "\\\\server\\share", backslashes) and links leading out of the project are refused
 * with a message saying so, and the folder outside the project is left as it was.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/src/core/core.js';
import { tempDir } from '../../main/src/pipeline/testing/fixtures.js';
import { changes, snapshot, type Snapshot } from '../support/fs-snapshot.js';

let core: Core;
let outside: string;
let outsideBefore: Snapshot;

beforeAll(async () => {
  const root = await tempDir('orchest-paths-');
  outside = await tempDir('orchest-paths-outside-');
  await fs.mkdir(path.join(outside, 'x', '.orchest'), { recursive: true });
  await fs.writeFile(path.join(outside, 'x', '.orchest', 'pipeline.json'), JSON.stringify({ name: 'outside', uuid: 'o', steps: {} }));
  await fs.writeFile(path.join(outside, 'o.orchest'), JSON.stringify({ name: 'outside', uuid: 'o2', steps: {} }));
  await fs.symlink(outside, path.join(root, 'out'));
  await fs.writeFile(path.join(root, 'p.orchest'), JSON.stringify({ name: 'p', uuid: 'p-1', steps: {} }));
  core = await createCore({ configDir: await tempDir('orchest-config-'), dataDir: await tempDir('orchest-data-'), mode: 'test', projectDir: root });
  outsideBefore = await snapshot(outside);
});
afterAll(async () => {
  await core.dispose();
});

const LEAVING = ['../x.orchest', 'a/../../x.orchest', '../../../../etc/passwd'];
const ABSOLUTE = ['/etc/passwd', '/tmp/x.orchest', 'C:\\Windows\\x.orchest', 'C:/Windows/x.orchest', '\\\\server\\share\\x.orchest', '\\x.orchest'];
const BACKSLASH = ['..\\x.orchest', 'sub\\..\\..\\x.orchest', 'a\\b.orchest'];
const LINKED = ['out/o.orchest', 'out/x/.orchest/pipeline.json', 'out/new.orchest', 'out/new/sub.py'];

// The runs and Jupyter services say it their own way ("not a pipeline path inside the project").
const elsewhere = /is not a pipeline path inside the project|is outside the project folder/;
const refusal = (p: string) =>
  LEAVING.includes(p) ? [/leaves the project folder/, elsewhere] : ABSOLUTE.includes(p) ? [/absolute path/, elsewhere] : [/has a '\\' in it: .*use '\/'/, elsewhere];
const linked = /symbolic link to .*outside the project folder/;

/** Each method that takes a path, called with `p` there. */
const CALLS: Array<[string, (p: string) => unknown]> = [
  ['pipeline.read', (p) => ({ path: p })],
  ['pipeline.save', (p) => ({ path: p, pipeline: { name: 'x', uuid: 'x', steps: {} } })],
  ['pipeline.create', (p) => ({ folder: p, name: 'x' })],
  ['file.create', (p) => ({ path: p.replace(/\.orchest$|\.json$/, '.py'), template: 'py' })],
  ['files.openInEditor', (p) => ({ path: p })],
  ['runs.start', (p) => ({ pipeline: p, runner: 'local' })],
  ['runs.last', (p) => ({ pipeline: p })],
  ['runs.readLog', (p) => ({ pipeline: p, stepId: 's' })],
  ['vars.get', (p) => ({ pipeline: p })],
  ['vars.set', (p) => ({ pipeline: p, variables: [{ name: 'A', value: '1' }] })],
  ['jupyter.open', (p) => ({ path: p.replace(/\.orchest$|\.json$/, '.ipynb') })],
];

describe('paths coming in through the API', () => {
  for (const [method, args] of CALLS) {
    it(`${method} refuses '..', absolute, Windows-style and linked-out paths`, async () => {
      for (const p of [...LEAVING, ...ABSOLUTE, ...BACKSLASH]) {
        const answer = await core.call(method, args(p));
        expect(answer.error?.code, `${method} ${p}`).toBe('INVALID_ARGUMENT');
        expect(refusal(p).some((r) => r.test(answer.error!.message)), `${method} ${p}: ${answer.error!.message}`).toBe(true);
      }
      for (const p of LINKED) {
        const answer = await core.call(method, args(p));
        const doc = answer.result as { pipeline?: unknown; problems?: Array<{ message: string }> } | null | undefined;
        if (method === 'pipeline.read' && !answer.error) {
          // A read answers a document without the outside file's content, saying why.
          expect(doc?.pipeline, p).toBeNull();
          expect(doc?.problems?.[0]?.message, p).toMatch(linked);
        } else if (method === 'runs.last' || method === 'vars.get') {
          expect(JSON.stringify(answer), p).not.toContain('outside');
        } else {
          expect(answer.error, `${method} ${p}`).toBeDefined();
          // Writing through the link is refused for what it is.
          if ((['pipeline.save', 'pipeline.create'].includes(method) && p === 'out/new.orchest') || (method === 'file.create' && p.startsWith('out/new'))) expect(answer.error!.message, `${method} ${p}`).toMatch(linked);
        }
      }
      expect(changes(outsideBefore, await snapshot(outside))).toEqual([]);
    });
  }
});
