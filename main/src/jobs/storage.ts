import { promises as fs } from 'node:fs';
import path from 'node:path';
import type * as z from 'zod';
import type { StorageCategory, StorageUsage, storageCleanResultSchema, storageCleanSchema } from '../api/jobs.js';
import type { ConfigService } from '../config/config-service.js';
import { CoreError } from '../core/core-error.js';
import { isRunFinished } from '../common/statuses.js';
import { createDockerClient } from '../docker/client.js';
import { inspectImage, listImagesByLabels, removeImage } from '../docker/images.js';
import { APP_LABEL_VALUE, IMAGE_LABELS } from '../environments/recipe.js';
import type { ProjectService } from '../project/project-service.js';
import type { InteractiveHistory } from './interactive-history.js';
import type { JobStore } from './job-store.js';
import { newestFirst } from './run-record.js';
import { folderBytes } from './snapshot.js';

type CleanRequest = z.output<typeof storageCleanSchema>;
type CleanResult = z.output<typeof storageCleanResultSchema>;

const DESCRIPTIONS: Record<StorageCategory, string> = {
  snapshots: "Jobs' frozen copies of the project and each run's own copy (without its outputs and logs)",
  runs: "Job runs' own /data folders and records",
  logs: 'Step logs of job runs and of the interactive runs kept in the history',
  outputs: 'Data steps passed to each other in job runs',
  history: 'Records of interactive runs',
  'shared-data': 'The /data folder interactive runs share',
  images: 'Docker images of environments and the images jobs pinned',
};

export interface StorageDeps {
  store: JobStore;
  config: ConfigService;
  project: ProjectService;
  interactive: InteractiveHistory;
  removeJob: (jobUuid: string) => Promise<{ freedBytes: number }>;
  /** Remove a job's finished runs but the newest `keep`, when this process runs the job (null otherwise). */
  trimRuns: (jobUuid: string, keep: number) => Promise<{ freedBytes: number; removed: number } | null>;
}

/** The "Disk usage" view: what jobs, runs, logs, outputs and images take, and clean-up. */
export class StorageManager {
  constructor(private readonly deps: StorageDeps) {}

  async usage(): Promise<StorageUsage> {
    const { store } = this.deps;
    const sizes: Record<StorageCategory, { bytes: number; items: number }> = {
      snapshots: { bytes: 0, items: 0 },
      runs: { bytes: 0, items: 0 },
      logs: { bytes: 0, items: 0 },
      outputs: { bytes: 0, items: 0 },
      history: { bytes: 0, items: 0 },
      'shared-data': { bytes: 0, items: 0 },
      images: { bytes: 0, items: 0 },
    };
    const add = (c: StorageCategory, bytes: number, items = 1) => {
      sizes[c].bytes += bytes;
      sizes[c].items += items;
    };
    const jobs: StorageUsage['jobs'] = [];
    for (const { job } of await store.loadJobs()) {
      let jobBytes = 0;
      const snap = await folderBytes(store.snapshotDir(job.uuid));
      add('snapshots', snap.bytes);
      jobBytes += snap.bytes;
      const records = await store.loadRuns(job.uuid);
      for (const r of records) {
        const total = await folderBytes(store.runDir(job.uuid, r.uuid));
        const outputs = r.outputsDir ? await folderBytes(r.outputsDir) : { bytes: 0 };
        const logs = r.outputsDir ? await folderBytes(path.join(path.dirname(r.outputsDir), 'logs')) : { bytes: 0 };
        const data = await folderBytes(path.join(store.runDir(job.uuid, r.uuid), 'data'));
        add('outputs', outputs.bytes);
        add('logs', logs.bytes);
        add('runs', data.bytes);
        add('snapshots', Math.max(0, total.bytes - outputs.bytes - logs.bytes - data.bytes), 0);
        jobBytes += total.bytes;
      }
      jobs.push({ uuid: job.uuid, name: job.definition.name, projectRoot: job.projectRoot, runs: records.length, bytes: jobBytes });
    }
    for (const r of await store.loadInteractive()) {
      const dir = store.historyDir(r.projectRoot, r.uuid);
      const logs = await folderBytes(path.join(dir, 'logs'));
      const all = await folderBytes(dir);
      add('logs', logs.bytes, 0);
      add('history', all.bytes - logs.bytes);
    }
    const shared = await folderBytes(path.join(store.dataDir, 'data'));
    add('shared-data', shared.bytes, shared.files);

    const images = await this.images();
    for (const img of images) if (img.bytes !== null) add('images', img.bytes);
    const categories = (Object.keys(sizes) as StorageCategory[]).map((category) => ({ category, ...sizes[category], description: DESCRIPTIONS[category] }));
    const problems = [...store.problems.values()];
    return {
      dataDir: store.dataDir,
      totalBytes: categories.reduce((n, c) => n + c.bytes, 0),
      categories,
      jobs: jobs.sort((a, b) => b.bytes - a.bytes),
      images,
      note: [
        'Sizes are of the files; where the filesystem shares blocks between copies (reflinks) the disk holds less.',
        ...problems,
      ].join(' '),
    };
  }

  /** Environment images of the app and the images jobs pinned; empty when Docker is not reachable. */
  private async images(): Promise<StorageUsage['images']> {
    const docker = createDockerClient(this.deps.config.get().docker_host);
    const usedBy = new Map<string, Set<string>>();
    for (const { job } of await this.deps.store.loadJobs()) {
      for (const img of Object.values(job.images)) {
        if (!usedBy.has(img.id)) usedBy.set(img.id, new Set());
        usedBy.get(img.id)!.add(job.uuid);
      }
    }
    try {
      await docker.ping();
    } catch {
      return [...usedBy].map(([id, jobs]) => ({ id, tags: [], bytes: null, usedByJobs: [...jobs] }));
    }
    const envImages = await listImagesByLabels(docker, { [IMAGE_LABELS.app]: APP_LABEL_VALUE }).catch(() => []);
    const out: StorageUsage['images'] = [];
    const ids = new Map(envImages.map((i) => [i.id, i.tags]));
    for (const id of usedBy.keys()) if (!ids.has(id)) ids.set(id, []);
    for (const [id, tags] of ids) {
      const info = await inspectImage(docker, id).catch(() => null);
      if (!info) continue;
      out.push({ id, tags, bytes: info.sizeBytes, usedByJobs: [...(usedBy.get(id) ?? [])] });
    }
    return out;
  }

  async clean(req: CleanRequest): Promise<CleanResult> {
    const { store } = this.deps;
    let freed = 0;
    let removed = 0;
    const drop = async (dir: string) => {
      freed += (await folderBytes(dir)).bytes;
      await store.remove(dir);
      removed++;
    };
    if (req.target === 'job-runs') {
      // A job of this process: through it, so that its records in memory go too (its running runs stay).
      const trimmed = await this.deps.trimRuns(req.jobUuid, req.keep);
      if (trimmed) {
        freed += trimmed.freedBytes;
        removed += trimmed.removed;
      } else {
        const records = (await store.loadRuns(req.jobUuid)).filter((r) => isRunFinished(r.status)).sort(newestFirst);
        for (const r of records.slice(req.keep)) await drop(store.runDir(req.jobUuid, r.uuid));
      }
    } else if (req.target === 'finished-jobs') {
      const root = req.allProjects ? null : this.deps.project.root();
      for (const { job } of await store.loadJobs()) {
        if (root && job.projectRoot !== root) continue;
        if (!['SUCCESS', 'FAILURE', 'ABORTED'].includes(job.status)) continue;
        const { freedBytes } = await this.deps.removeJob(job.uuid);
        freed += freedBytes;
        removed++;
      }
    } else if (req.target === 'interactive-history') {
      const byPipeline = new Map<string, Array<{ uuid: string; createdAt: number; projectRoot: string }>>();
      for (const r of await store.loadInteractive()) {
        if (!isRunFinished(r.status)) continue;
        const key = `${r.projectRoot}\0${r.pipeline}`;
        byPipeline.set(key, [...(byPipeline.get(key) ?? []), r]);
      }
      for (const list of byPipeline.values()) {
        for (const r of list.sort((a, b) => b.createdAt - a.createdAt).slice(req.keep)) await drop(store.historyDir(r.projectRoot, r.uuid));
      }
    } else if (req.target === 'orphans') {
      for (const name of await dirs(store.jobsDir)) {
        const jobDir = path.join(store.jobsDir, name);
        if (!(await exists(path.join(jobDir, 'job.json')))) {
          await drop(jobDir);
          continue;
        }
        for (const run of await dirs(path.join(jobDir, 'runs'))) {
          const runDir = path.join(jobDir, 'runs', run);
          if (!(await exists(path.join(runDir, 'run.json')))) await drop(runDir);
        }
      }
    } else if (req.target === 'shared-data') {
      if (this.deps.interactive.activeCount() > 0) throw new CoreError('BUSY', 'A run is going and uses the shared /data folder: clean it once the run has ended.');
      const dir = path.join(store.dataDir, 'data');
      for (const name of await fs.readdir(dir).catch(() => [])) await drop(path.join(dir, name));
    } else {
      const pinnedBy = (await store.loadJobs()).filter(({ job }) => !['SUCCESS', 'FAILURE', 'ABORTED'].includes(job.status) && Object.values(job.images).some((i) => i.id === req.id));
      if (pinnedBy.length) throw new CoreError('BUSY', `Job "${pinnedBy[0]!.job.definition.name}" runs on this image: cancel or delete the job first.`);
      const docker = createDockerClient(this.deps.config.get().docker_host);
      const info = await inspectImage(docker, req.id).catch(() => null);
      if (!info) throw new CoreError('NOT_FOUND', `Docker has no image ${req.id}.`);
      if (!(await removeImage(docker, req.id))) throw new CoreError('BUSY', `Docker did not remove image ${req.id}: a container or another image still uses it (see "docker ps -a").`);
      freed += info.sizeBytes;
      removed++;
    }
    return { freedBytes: freed, removed, usage: await this.usage() };
  }
}

async function dirs(dir: string): Promise<string[]> {
  return (await fs.readdir(dir, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
}

const exists = (p: string) => fs.stat(p).then(
  () => true,
  () => false,
);
