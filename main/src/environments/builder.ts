import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { CoreError } from '../core/core-error.js';
import type { BuildEvent, EnvironmentSpec } from '../api/environments.js';
import {
  buildImage,
  DockerAbortedError,
  DockerStreamError,
  inspectImage,
  listImagesByLabels,
  probeImage,
  pullImage,
  removeImage,
  type ImageSummary,
} from '../docker/images.js';
import { buildOfflineCommand } from '../setup/cli-commands.js';
import { BuildStepTracker, PullTracker, type ProgressUpdate } from './build-progress.js';
import { packBuildContext } from './build-context.js';
import { buildInputs } from './build-inputs.js';
import type { BuildFiles } from './build-state.js';
import { kernelProbeScript, kernelWarning, parseMissing } from './kernel-check.js';
import { openPackageIndex, type OpenedIndex } from './package-index.js';
import { APP_LABEL_VALUE, dockerfile, IMAGE_LABELS, imageLabels, imageRepository, imageTag, type Recipe } from './recipe.js';
import { projectKey } from '../project/project-id.js';

/**
 * One environment build: pull the base image when missing, build the recipe's tag from the
 * project and the setup script (with the package index served for the build's duration), check
 * the result can run notebooks, and keep a log file of it all.
 */

export interface BuildJob {
  docker: Docker;
  root: string;
  spec: EnvironmentSpec;
  /** spec.base_image after image_aliases. */
  baseImage: string;
  /** Shown in the "base image missing" message. */
  configPath: string;
  files: BuildFiles;
  /** Folder holding the SDK's `orchest` package, importable during the build. */
  sdkDir: string;
  /** config.package_index. */
  packageIndex: string[];
  signal: AbortSignal;
  emit(event: BuildEvent): void;
  /** Called once the build really starts (not for an image that already exists). */
  onStarted(tag: string): void;
}

export interface BuildOutcome {
  status: 'SUCCESS' | 'FAILURE' | 'ABORTED';
  tag: string;
  message?: string;
  /** True when the image already existed and nothing ran. */
  cached: boolean;
}

export function recipeOf(spec: EnvironmentSpec, baseImage: string, base: ImageSummary | null, inputs: Record<string, string>): Recipe {
  return {
    baseImage,
    baseImageId: base?.id,
    setupScript: spec.setup_script,
    language: spec.language,
    gpuSupport: spec.gpu_support,
    inputs,
  };
}

export function missingBaseMessage(spec: EnvironmentSpec, baseImage: string, reason: string, configPath: string): string {
  const shown = baseImage === spec.base_image ? baseImage : `${baseImage} (image_aliases maps ${spec.base_image} to it)`;
  return (
    `Base image ${shown} is not available locally and could not be pulled (${reason}). ` +
    `Build one offline with \`${buildOfflineCommand(baseImage)}\` or map it to a local image with image_aliases in ${configPath}`
  );
}

/** Limits progress-only events to a few per second; text and status changes always go out. */
class Emitter {
  private lastProgressAt = 0;
  private lastProgress = -1;
  /** The log's last lines, for failure messages (the file may not be flushed yet). */
  private recent: string[] = [];
  /** Bytes written to the log file: the offset of the next text. */
  private written = 0;

  constructor(
    private readonly uuid: string,
    private readonly emit: (e: BuildEvent) => void,
    private readonly log: WriteStream,
  ) {}

  /** Without colours and the builder's bookkeeping lines, which say nothing about what went wrong. */
  tail(lines: number): string {
    return this.recent
      .map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))
      .filter((l) => l.trim() !== '' && !/^ ---> |^Removing intermediate container /.test(l))
      .slice(-lines)
      .join('\n');
  }

  send(update: ProgressUpdate): void {
    if (update.text) {
      this.log.write(update.text);
      this.recent.push(...update.text.split(/\r?\n/));
      if (this.recent.length > 200) this.recent = this.recent.slice(-50);
    }
    const now = Date.now();
    const progress = update.progress;
    const progressWorthSending = progress !== undefined && progress !== this.lastProgress && (now - this.lastProgressAt > 200 || progress === 1);
    if (!update.text && !progressWorthSending) return;
    const event: BuildEvent = { uuid: this.uuid, status: 'BUILDING' };
    if (progress !== undefined) {
      event.progress = Math.min(1, Math.max(0, progress));
      this.lastProgress = progress;
      this.lastProgressAt = now;
    }
    if (update.text) {
      event.text = update.text;
      event.offset = this.written;
      this.written += Buffer.byteLength(update.text);
    }
    this.emit(event);
  }
}

function formatBytes(n: number): string {
  return n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function closeLog(log: WriteStream): Promise<void> {
  return new Promise((resolve) => log.end(() => resolve()));
}

/** Remove this environment's older images (not forced: one a container still uses stays). */
async function pruneOlderImages(docker: Docker, root: string, uuid: string, keepTag: string): Promise<void> {
  const repo = imageRepository(root, uuid);
  const images = await listImagesByLabels(docker, {
    [IMAGE_LABELS.app]: APP_LABEL_VALUE,
    [IMAGE_LABELS.project]: projectKey(root),
    [IMAGE_LABELS.environment]: uuid,
  }).catch(() => []);
  for (const image of images) {
    for (const tag of image.tags) {
      if (tag !== keepTag && tag.startsWith(`${repo}:`)) await removeImage(docker, tag);
    }
  }
}

export async function runBuild(job: BuildJob): Promise<BuildOutcome> {
  const { docker, spec, baseImage, files, signal } = job;
  const inputs = await buildInputs(job.root, spec.setup_script);
  let base = await inspectImage(docker, baseImage);
  let tag = imageTag(job.root, spec.uuid, recipeOf(spec, baseImage, base, inputs));
  if (base && (await inspectImage(docker, tag))) return { status: 'SUCCESS', tag, cached: true };

  job.onStarted(tag);
  const startedAt = Date.now();
  await fs.mkdir(path.dirname(files.logPath(spec.uuid)), { recursive: true });
  const log = createWriteStream(files.logPath(spec.uuid), { flags: 'w' });
  const out = new Emitter(spec.uuid, job.emit, log);
  /** `withTail`: the message gets the log's last lines (a failed step), unless it says it all itself. */
  const finish = async (status: BuildOutcome['status'], message?: string, withTail = false): Promise<BuildOutcome> => {
    const tail = withTail ? out.tail(12) : '';
    if (message) out.send({ text: `\n${status === 'SUCCESS' ? '' : `${status}: `}${message}\n` });
    await closeLog(log);
    const full = tail ? `${message}\n--- last lines of the build log ---\n${tail}` : message;
    await files.write(spec.uuid, { tag, status, startedAt, endedAt: Date.now(), message: full, inputs });
    job.emit({ uuid: spec.uuid, status, progress: status === 'SUCCESS' ? 1 : undefined });
    return { status, tag, message: full, cached: false };
  };

  await files.write(spec.uuid, { tag, status: 'BUILDING', startedAt, pid: process.pid, inputs });
  job.emit({ uuid: spec.uuid, status: 'BUILDING', progress: 0 });
  const aliasNote = baseImage === spec.base_image ? '' : ` (image_aliases: ${spec.base_image} → ${baseImage})`;
  out.send({ text: `Building environment "${spec.name}" (${spec.uuid})\nBase image: ${baseImage}${aliasNote}\n` });

  try {
    if (!base) {
      out.send({ text: `Base image ${baseImage} is not available locally; pulling it…\n`, progress: 0 });
      const pull = new PullTracker();
      try {
        await pullImage(docker, baseImage, { signal, onMessage: (msg) => out.send(pull.update(msg)) });
      } catch (err) {
        if (err instanceof DockerStreamError) return await finish('FAILURE', missingBaseMessage(spec, baseImage, err.message, job.configPath));
        throw err;
      }
      base = await inspectImage(docker, baseImage);
      if (!base) return await finish('FAILURE', missingBaseMessage(spec, baseImage, 'the engine reported a pull but has no such image', job.configPath));
      tag = imageTag(job.root, spec.uuid, recipeOf(spec, baseImage, base, inputs));
      job.onStarted(tag);
      if (await inspectImage(docker, tag)) return await finish('SUCCESS');
    }

    const recipe = recipeOf(spec, baseImage, base, inputs);
    out.send({ text: `Image: ${tag}\n`, progress: 0 });
    const used = Object.keys(inputs);
    if (used.length) out.send({ text: `Project files the setup script uses (editing them makes the image out of date): ${used.join(', ')}\n` });
    const steps = new BuildStepTracker();
    let index: OpenedIndex | undefined;
    try {
      index = await openPackageIndex(job.packageIndex, docker);
      if (index.description) out.send({ text: `${index.description}\n` });
      const context = packBuildContext({
        dockerfile: dockerfile(recipe.baseImage, { labels: imageLabels(job.root, spec.uuid, recipe), buildArgs: Object.keys(index.vars) }),
        setupScript: recipe.setupScript,
        projectRoot: job.root,
        sdkDir: job.sdkDir,
      });
      context.done.then(
        (s) => out.send({ text: `Project files in the build context (/project-dir): ${s.files} (${formatBytes(s.bytes)})\n` }),
        () => {}, // the build fails with the same error
      );
      await buildImage(docker, context.stream, {
        tag,
        signal,
        buildArgs: index.vars,
        onMessage: (msg) => out.send(steps.update(msg)),
      });
      await context.done;
    } catch (err) {
      if (err instanceof CoreError) return await finish('FAILURE', err.message);
      if (err instanceof DockerStreamError) {
        const scriptFailed = /returned a non-zero code: (\d+)/.exec(err.message);
        return await finish(
          'FAILURE',
          scriptFailed ? `The setup script failed (exit code ${scriptFailed[1]}).` : `The image build failed: ${err.message}`,
          true,
        );
      }
      throw err;
    } finally {
      await index?.close();
    }
    if (signal.aborted) throw new DockerAbortedError();

    out.send({ text: 'Checking that the image can run notebooks…\n', progress: 1 });
    let warning: string | undefined;
    const probe = kernelProbeScript(spec.language);
    if (probe) {
      try {
        const result = await probeImage(docker, tag, probe, { [IMAGE_LABELS.app]: APP_LABEL_VALUE, [IMAGE_LABELS.kind]: 'probe' });
        warning = kernelWarning(spec.language, parseMissing(result.output));
      } catch (err) {
        warning = `Built, but the notebook check could not run (${err instanceof Error ? err.message : String(err)}).`;
      }
    }
    await pruneOlderImages(docker, job.root, spec.uuid, tag);
    out.send({ text: `Built ${tag}.\n` });
    return await finish('SUCCESS', warning);
  } catch (err) {
    if (signal.aborted || err instanceof DockerAbortedError) {
      // The engine tags only at the very end; if that raced the cancel, drop the tag.
      await removeImage(docker, tag);
      return await finish('ABORTED', 'Build cancelled.');
    }
    const reason = err instanceof Error ? err.message : String(err);
    return await finish('FAILURE', `The image build failed: ${reason}`, true);
  }
}
