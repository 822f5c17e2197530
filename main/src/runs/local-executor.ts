import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { hasLimits, type StepLimits } from '../common/step-limits.js';
import type { OutputSink } from '../docker/containers.js';
import type { RunContext, StepExecutor } from './executor.js';
import { freshExecutedNotebook } from './artefacts.js';
import { RUNNER_SCRIPT } from './resources.js';
import type { StepOutcome } from './scheduler.js';
import { stepEnvironment } from './step-env.js';

export const LOCAL_RUNNER_NOTICE = 'local runner: steps run on this machine without isolation';
export const LOCAL_LIMITS_NOTICE = 'the local runner cannot enforce CPU and memory limits; this step runs without them (use the Docker runner for limits)';

/** What a run on the local runner tells the user up front. */
export function localRunnerNotes(steps: ReadonlyArray<{ limits: StepLimits }>): string[] {
  const limited = steps.filter((s) => hasLimits(s.limits)).length;
  if (!limited) return [LOCAL_RUNNER_NOTICE];
  return [LOCAL_RUNNER_NOTICE, `the local runner cannot enforce CPU and memory limits (${limited} step${limited > 1 ? 's have' : ' has'} them)`];
}
const PYTHON = process.platform === 'win32' ? 'python' : 'python3';

interface ProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  aborted: boolean;
}

/** Run a process with its output going to `sink` (with backpressure); abort kills its whole group. */
export function runProcess(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; sink: OutputSink; signal: AbortSignal }): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return resolve({ exitCode: null, signal: null, aborted: true });
    // detached = own process group, so a cancel also kills what the step started (e.g. a kernel).
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    const kill = () => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    opts.signal.addEventListener('abort', kill, { once: true });
    let failed: Error | undefined;
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = child[name];
      stream.on('data', (chunk: Buffer) => {
        const wait = opts.sink.write(name, chunk);
        if (wait) {
          stream.pause();
          wait.then(
            () => stream.resume(),
            (err: Error) => {
              failed = err;
              kill();
              stream.resume();
            },
          );
        }
      });
    }
    child.on('error', (err) => {
      opts.signal.removeEventListener('abort', kill);
      reject(err);
    });
    child.on('exit', () => {
      // A background process that inherited stdout must not keep the step going forever.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
      }, 5000).unref();
    });
    child.on('close', (code, signal) => {
      opts.signal.removeEventListener('abort', kill);
      if (failed) return reject(failed);
      resolve({ exitCode: code, signal, aborted: opts.signal.aborted });
    });
  });
}

/** Steps as processes on this machine, with the same runner, SDK and ORCHEST_* environment. */
export function localExecutor(ctx: RunContext): StepExecutor {
  return async ({ step, sink, signal }): Promise<StepOutcome> => {
    if (hasLimits(step.limits)) await sink.note(LOCAL_LIMITS_NOTICE);
    const executedNotebook = await freshExecutedNotebook(ctx.artefacts, step.uuid, step.filePath);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...stepEnvironment({
        stepUuid: step.uuid,
        pipelineUuid: ctx.pipeline.uuid,
        projectUuid: ctx.projectUuid,
        runId: ctx.runId,
        projectDir: ctx.root,
        pipelinePath: path.join(ctx.root, ctx.doc.path),
        pipelineDataDir: ctx.artefacts.dataDir,
        kernel: step.kernel,
        executedNotebook,
        variables: ctx.variables,
      }),
      PYTHONPATH: [ctx.resources.sdkDir, ctx.variables.PYTHONPATH ?? process.env.PYTHONPATH].filter(Boolean).join(path.delimiter),
    };
    let result: ProcessResult;
    try {
      result = await runProcess(PYTHON, [path.join(ctx.resources.runnerDir, RUNNER_SCRIPT), step.filePath], {
        cwd: path.join(ctx.root, ctx.doc.dir),
        env,
        sink,
        signal,
      });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const message = e.code === 'ENOENT' ? `${PYTHON} is not installed on this machine: the local runner needs Python 3.` : `The step could not run: ${e.message}`;
      return { status: 'FAILURE', exitCode: null, message };
    }
    if (result.aborted) return { status: 'ABORTED', exitCode: null, message: 'Cancelled.' };
    if (result.exitCode === 0) return { status: 'SUCCESS', exitCode: 0 };
    const signum = result.signal ? os.constants.signals[result.signal] : undefined;
    const exitCode = result.exitCode ?? (signum ? 128 + signum : null);
    const how = result.signal ? `Killed by ${result.signal}` : `Exited with code ${result.exitCode}`;
    return { status: 'FAILURE', exitCode, message: `${how}.` };
  };
}
