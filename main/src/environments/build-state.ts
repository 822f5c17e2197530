import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { buildStatusSchema } from '../api/environments.js';
import type { LogTail } from '../api/runs.js';
import { atomicWrite } from '../fs/atomic-write.js';
import { readTail } from '../fs/read-tail.js';

/**
 * What we remember of an environment's last build, beside its log, under
 * <dataDir>/environments/<projectKey>/<uuid>.{json,log}: it survives a restart, and the image
 * itself (whether the tag exists) is the other half of the truth.
 */
export const buildRecordSchema = z.object({
  tag: z.string(),
  status: buildStatusSchema,
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  message: z.string().optional(),
  /** The process running the build, to tell a live build in another process from an interrupted one. */
  pid: z.number().int().optional(),
  /** The project files the build used → their content hash (build-inputs.ts), to say which changed since. */
  inputs: z.record(z.string(), z.string()).optional(),
});
export type BuildRecord = z.infer<typeof buildRecordSchema>;

export class BuildFiles {
  constructor(
    private readonly dataDir: string,
    private readonly projectKey: string,
  ) {}

  private dir(): string {
    return path.join(this.dataDir, 'environments', this.projectKey);
  }

  logPath(uuid: string): string {
    return path.join(this.dir(), `${uuid}.log`);
  }

  private recordPath(uuid: string): string {
    return path.join(this.dir(), `${uuid}.json`);
  }

  async read(uuid: string): Promise<BuildRecord | null> {
    try {
      const parsed = buildRecordSchema.safeParse(JSON.parse(await fs.readFile(this.recordPath(uuid), 'utf8')));
      return parsed.success ? parsed.data : null; // our own cache file: unreadable = no record
    } catch {
      return null;
    }
  }

  async write(uuid: string, record: BuildRecord): Promise<void> {
    await fs.mkdir(this.dir(), { recursive: true });
    await atomicWrite(this.recordPath(uuid), JSON.stringify(record));
  }

  async remove(uuid: string): Promise<void> {
    await fs.rm(this.recordPath(uuid), { force: true });
    await fs.rm(this.logPath(uuid), { force: true });
  }

  /** The log's tail (empty when there is none). */
  async readLog(uuid: string, maxBytes = 4 * 1024 * 1024): Promise<LogTail> {
    return (await readTail(this.logPath(uuid), maxBytes)) ?? { text: '', size: 0, truncated: false };
  }

  /** The last `lines` non-empty lines of the log, for error messages. */
  async logTail(uuid: string, lines = 20): Promise<string> {
    const { text } = await this.readLog(uuid, 64 * 1024);
    return text
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .slice(-lines)
      .join('\n');
  }
}
