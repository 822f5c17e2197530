import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { stepFileType } from '../common/step-file-types.js';
import { formatBytes } from '../common/step-limits.js';
import type Docker from 'dockerode';
import { appLabels, buildContainerSpec, CONTAINER_PATHS, LABEL, ContainerStartError, createContainerAhead, discardContainer, EngineLostError, OWNER_INSTANCE, runContainer } from '../docker/containers.js';
import { startRunNetwork, stopRunNetwork } from '../docker/run-network.js';
import { readyContainer, type ReadiedContainer } from '../docker/readied-container.js';
import { clearStepOutput, executedNotebookOf, freshExecutedNotebook } from './artefacts.js';
import type { DockerRunContext, StepExecutor, StepJob } from './executor.js';
import type { PreparedStep } from './preflight.js';
import { RUNNER_SCRIPT } from './resources.js';
import type { StepOutcome } from './scheduler.js';
import { stepEnvironment } from './step-env.js';

const toPosix = (p: string) => p.split(path.sep).join('/');

// Readable prefix + a hash of the whole uuid: step uuids may share their first characters.
const safeName = (s: string) =>
  `${s.replace(/[^a-zA-Z0-9_.-]/g, '').slice(0, 12) || 'x'}-${createHash('sha256').update(s).digest('hex').slice(0, 8)}`;

/**
 * What the container runs. A .py step is `python3 -u FILE` itself (the SDK is on PYTHONPATH), its
 * previous output removed from here: no step runner interpreter starting first. Everything else,
 * or when the output could not be removed from here, goes through the step runner.
 */
async function stepCommand(ctx: DockerRunContext, step: PreparedStep): Promise<string[]> {
  // On a remote engine the previous output is there, not here: the runner removes it.
  const direct = ctx.volumes ? undefined : directCommand(step);
  if (!direct || !(await clearStepOutput(ctx.artefacts, step.uuid))) return runnerCommand(step);
  return direct;
}
const runnerCommand = (step: PreparedStep) => ['python3', path.posix.join(CONTAINER_PATHS.runner, RUNNER_SCRIPT), step.filePath];
function directCommand(step: PreparedStep): string[] | undefined {
  const type = stepFileType(step.filePath);
  if (type?.kind !== 'python' || !type.command) return undefined;
  return [...type.command, step.filePath.startsWith('-') ? `./${step.filePath}` : step.filePath];
}
const sameCommand = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Why a step that Docker killed for memory failed, with the limit it had. */
export function outOfMemory(limitBytes: number | undefined): string {
  if (limitBytes === undefined) return 'The step ran out of memory and was killed: Docker had no more memory to give it. Free memory on the machine, or make the step use less.';
  return `The step used more than ${formatBytes(limitBytes)}, its memory limit, and was killed. Raise "Memory" in the step's properties, or make the step use less.`;
}

/**
 * One container per step (see docker/containers.ts for what it gets); on this machine's engine all
 * in the run's network (docker/run-network.ts). A step the scheduler says comes next has its
 * container made ahead while the steps before it run: on this machine's engine started behind its
 * gate (docker/readied-container.ts) when it waits for them; else, or when it starts now, created.
 */
export function dockerExecutor(ctx: DockerRunContext): StepExecutor {
  const owner = { pid: process.pid, host: os.hostname(), instance: OWNER_INSTANCE };
  const inContainer = (hostPath: string) => path.posix.join(CONTAINER_PATHS.project, toPosix(path.relative(ctx.root, hostPath)));
  /** A step's container made ahead: created, or (while its parents run) readied behind its gate. */
  type Ahead = { created: Docker.Container } | { readied: ReadiedContainer };
  const ahead = new Map<string, { cmd: string[]; made: Promise<Ahead | undefined> }>();
  /** The creates of steps starting now: one made ahead waits for them, not to slow those steps down. */
  let starting: Promise<unknown> = Promise.resolve();

  const user = ctx.owner ? `${ctx.owner.uid}:${ctx.owner.gid}` : undefined;
  // The run's network and steps started behind their gate: on this machine's engine only. On a
  // remote one a step waiting on them would not see the connection lost (ctx.lost), and the
  // attach is a tunnel's.
  const local = !ctx.volumes && !ctx.lost;
  // Started now, while the first containers are created; every step's start waits for it.
  const firstImage = ctx.images.values().next().value?.image;
  const network: Promise<string | undefined> =
    local && firstImage
      ? startRunNetwork(ctx.docker, {
          image: firstImage,
          name: `orchest-net-${ctx.runId.slice(0, 8)}`,
          labels: appLabels({ [LABEL.project]: ctx.projectUuid, [LABEL.pipeline]: ctx.pipeline.uuid, [LABEL.run]: ctx.runId }, owner),
          ...(user ? { user } : {}),
        })
      : Promise.resolve(undefined);

  const specOf = (step: PreparedStep, cmd: string[], networkOf: string | undefined, attempt = 1): Docker.ContainerCreateOptions => {
    const { image, gpu, language } = ctx.images.get(step.uuid)!;
    // On a remote engine the logs folder is this machine's (logs stream back), not in the project's volume there.
    const executedNotebook = ctx.volumes ? null : executedNotebookOf(ctx.artefacts, step.uuid, step.filePath);
    const env = {
      ...stepEnvironment({
        stepUuid: step.uuid,
        pipelineUuid: ctx.pipeline.uuid,
        projectUuid: ctx.projectUuid,
        runId: ctx.runId,
        projectDir: CONTAINER_PATHS.project,
        pipelinePath: path.posix.join(CONTAINER_PATHS.project, ctx.doc.path),
        pipelineDataDir: inContainer(ctx.artefacts.dataDir),
        kernel: language ?? step.kernel,
        executedNotebook: executedNotebook && inContainer(executedNotebook),
        variables: ctx.variables,
      }),
      // The SDK first; a PYTHONPATH the user set comes after it.
      PYTHONPATH: [CONTAINER_PATHS.sdk, ctx.variables.PYTHONPATH].filter(Boolean).join(':'),
      // The step's user may have no home in the image; Jupyter and pip want a writable one.
      HOME: ctx.variables.HOME || '/tmp',
    };
    return buildContainerSpec({
      image,
      projectRoot: ctx.root,
      sharedDataDir: ctx.sharedDataDir,
      sdkDir: ctx.resources.sdkDir,
      runnerDir: ctx.resources.runnerDir,
      pipelineDir: ctx.doc.dir,
      cmd,
      env,
      labels: { project: ctx.projectUuid, pipeline: ctx.pipeline.uuid, run: ctx.runId, step: step.uuid },
      owner,
      ...(user ? { user } : {}),
      gpu,
      limits: step.limits,
      ...(ctx.volumes ? { volumes: ctx.volumes } : {}),
      ...(networkOf ? { networkOf } : {}),
      // A retry's container must not take the name of the one still being removed.
      name: `orchest-${safeName(step.uuid)}-${ctx.runId.slice(0, 8)}${attempt > 1 ? `-${attempt}` : ''}`,
    });
  };

  /** The container made for `step` by `prepare`, if it runs `cmd` (it may not: when the step's output could not be cleared). */
  const takeAhead = async (step: PreparedStep, cmd: string[]): Promise<Ahead | undefined> => {
    const entry = ahead.get(step.uuid);
    if (!entry) return undefined;
    ahead.delete(step.uuid);
    const made = await entry.made;
    // Not the command it holds, or a gate that failed: it holds the step's container name, so it goes first.
    if (made && (!sameCommand(entry.cmd, cmd) || ('readied' in made && made.readied.exited()))) {
      await discardAhead(made);
      return undefined;
    }
    return made;
  };

  const run = async ({ step, sink, signal, release, attempt = 1 }: StepJob): Promise<StepOutcome> => {
    const cmd = await stepCommand(ctx, step);
    await freshExecutedNotebook(ctx.artefacts, step.uuid, step.filePath);
    const spec = specOf(step, cmd, await network, attempt);
    // undefined when Docker refused (runContainer says why), and for a retry (the one made ahead ran the first attempt)
    const made = attempt === 1 ? await takeAhead(step, cmd) : undefined;
    const { image } = ctx.images.get(step.uuid)!;
    try {
      // The output ends when the step's process has exited: Docker then takes a moment more (releasing the
      // container's network and mounts) to record its exit code, during which another step can start.
      const running = runContainer(ctx.docker, spec, sink, signal, { onRemoval: (removed) => ctx.cleanup.add(removed), onOutputEnd: release, ...made });
      const result = ctx.lost ? await Promise.race([running, ctx.lost.then((reason) => ({ lost: reason }))]) : await running;
      if ('lost' in result) {
        running.catch(() => undefined); // settles when the engine answers again, or never
        return { status: 'FAILURE', exitCode: null, message: result.lost, fatal: true };
      }
      if (result.aborted) return { status: 'ABORTED', exitCode: null, message: 'Cancelled.' };
      if (result.exitCode === 0) return { status: 'SUCCESS', exitCode: 0 };
      if (result.oomKilled) return { status: 'FAILURE', exitCode: result.exitCode, message: outOfMemory(step.limits.memoryBytes) };
      const hint = result.exitCode === 137 ? ' (killed: out of memory?)' : '';
      return { status: 'FAILURE', exitCode: result.exitCode, message: `Exited with code ${result.exitCode}${hint}.` };
    } catch (err) {
      if (err instanceof EngineLostError) return { status: 'FAILURE', exitCode: null, message: `Docker: ${err.message}`, fatal: true };
      if (err instanceof ContainerStartError) {
        const noPython = /python3.*(not found|no such file)/i.test(err.message);
        return { status: 'FAILURE', exitCode: null, message: noPython ? `${err.message} (the step runner needs python3 in the image "${image}")` : err.message };
      }
      throw err;
    }
  };

  return Object.assign(run, {
    prepare(step: PreparedStep, now: boolean): void {
      if (ahead.has(step.uuid)) return;
      // The direct command when the step's output can be cleared at its start (as stepCommand decides then).
      const cmd = (ctx.volumes ? undefined : directCommand(step)) ?? runnerCommand(step);
      const { entrypoint } = ctx.images.get(step.uuid)!;
      // A step that waits for others is readied behind its gate; one starting now is only created.
      const made = async (): Promise<Ahead | undefined> => {
        const spec = specOf(step, cmd, await network);
        if (!now && local && entrypoint) {
          const readied = await readyContainer(ctx.docker, spec, entrypoint);
          if (readied) return { readied };
        }
        const created = await createContainerAhead(ctx.docker, spec);
        return created && { created };
      };
      const entry = now ? made() : starting.then(made);
      if (now) starting = Promise.all([starting, entry]);
      ahead.set(step.uuid, { cmd, made: entry });
    },
    async dispose(): Promise<void> {
      const left = [...ahead.values()];
      ahead.clear();
      // All at once: a container joined to the run's network does not keep its holder.
      await Promise.all([
        ...left.map(async ({ made }) => {
          const m = await made;
          if (m) await discardAhead(m);
        }),
        network.then((holder) => (holder ? stopRunNetwork(ctx.docker, holder) : undefined)),
      ]);
    },
  });
}

const discardAhead = (made: { created: Docker.Container } | { readied: ReadiedContainer }): Promise<void> =>
  'readied' in made ? made.readied.discard() : discardContainer(made.created);
