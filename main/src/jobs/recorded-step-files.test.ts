import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { record, step, attempt } from './testing/records.js';
import { JobStore } from './job-store.js';
import { keepStepFiles, readRecordedNotebook, readRecordedOutputs, readRecordedThumbnail, stepFilePlaces } from './recorded-step-files.js';

let dir: string;
let store: JobStore;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'orchest-recorded-'));
  store = new JobStore(path.join(dir, 'app'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const summary = (runUuid: string) => JSON.stringify({ version: 1, name: 'df', runUuid, writtenAt: 1, format: 'pickle', type: 'int', kind: 'scalar', value: 3 });

describe("a recorded run's step files", () => {
  it("reads a job run's files in its own folder, and refuses a record pointing out of it or a link out of it", async () => {
    const runDir = store.runDir('job-1', 'run-1');
    const copy = path.join(runDir, 'project');
    await fs.mkdir(path.join(copy, 'logs'), { recursive: true });
    await fs.mkdir(path.join(copy, 'data', 's1'), { recursive: true });
    await fs.writeFile(path.join(copy, 'data', 's1', 'summary.json'), summary('run-1'));
    await fs.writeFile(path.join(copy, 'logs', 's1.ipynb'), JSON.stringify({ cells: [{ cell_type: 'code', source: 'x', outputs: [] }], metadata: {} }));
    const s = { ...step('s1', 'Step', [attempt(1, 'SUCCESS', 0, 1)]), logPath: path.join(copy, 'logs', 's1.log') };
    const r = record({ uuid: 'run-1', outputsDir: path.join(copy, 'data'), steps: [s] });
    const places = stepFilePlaces(store, r, s);
    expect((await readRecordedOutputs(places, r, s)).outputs[0]).toMatchObject({ name: 'df', value: 3 });
    expect((await readRecordedNotebook(places, 'nb.ipynb', 'Step'))!.notebook.cells).toHaveLength(1);
    await fs.writeFile(path.join(copy, 'data', 's1', 'thumbnail-0.png'), 'png bytes');
    expect(await readRecordedThumbnail(places, 'thumbnail-0.png')).toEqual({ mime: 'image/png', base64: Buffer.from('png bytes').toString('base64') });
    await expect(readRecordedThumbnail(places, '../summary.json')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readRecordedThumbnail(places, 'thumbnail-1.png')).rejects.toThrow(/has no thumbnail-1.png/);

    // A record (a file on disk) naming a place outside the run's folder is not followed.
    const outside = path.join(dir, 'elsewhere');
    await fs.mkdir(outside, { recursive: true });
    const bad = { ...s, logPath: path.join(outside, 's1.log') };
    await expect(readRecordedNotebook(stepFilePlaces(store, r, bad), 'nb.ipynb', 'Step')).rejects.toMatchObject({ code: 'INVALID_FILE' });
    await expect(readRecordedOutputs(stepFilePlaces(store, { ...r, outputsDir: outside }, s), r, s)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    // Nor a link a step left in its folder.
    await fs.rm(path.join(copy, 'data', 's1'), { recursive: true });
    await fs.writeFile(path.join(outside, 'summary.json'), summary('run-1'));
    await fs.symlink(outside, path.join(copy, 'data', 's1'));
    await expect(readRecordedOutputs(places, r, s)).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(() => stepFilePlaces(store, r, { ...s, uuid: '../x' })).toThrow(/not a valid step id/);
  });

  it('an interactive run keeps its executed notebook and output summaries, never the data nor a link', async () => {
    const project = path.join(dir, 'project');
    const logs = path.join(project, '.orchest', 'logs');
    const data = path.join(project, '.orchest', 'data');
    await fs.mkdir(logs, { recursive: true });
    await fs.mkdir(path.join(data, 's1'), { recursive: true });
    await fs.writeFile(path.join(logs, 's1.ipynb'), JSON.stringify({ cells: [], metadata: {} }));
    await fs.writeFile(path.join(data, 's1', 'summary.json'), summary('run-2'));
    await fs.writeFile(path.join(data, 's1', 'thumbnail-0.png'), 'png');
    await fs.writeFile(path.join(data, 's1', 'data.pickle'), 'big');
    await fs.symlink('/etc/passwd', path.join(data, 's1', 'meta.json'));
    const s = { ...step('s1', 'Step', [attempt(1, 'SUCCESS', 0, 1)]), logPath: path.join(logs, 's1.log') };
    const r = record({ uuid: 'run-2', kind: 'interactive', jobUuid: null, projectRoot: project, outputsDir: data, steps: [s] });
    const history = store.historyDir(project, 'run-2');
    await fs.mkdir(path.join(history, 'logs'), { recursive: true });
    await keepStepFiles(history, s, data);
    expect((await fs.readdir(path.join(history, 'outputs', 's1'))).sort()).toEqual(['summary.json', 'thumbnail-0.png']);
    await fs.rm(project, { recursive: true });
    const places = stepFilePlaces(store, r, s);
    expect((await readRecordedOutputs(places, r, s)).state).toBe('ready');
    expect(await readRecordedNotebook(places, 'nb.ipynb', 'Step')).toMatchObject({ path: 'nb.ipynb', notebook: { cells: [] } });
  });
});
