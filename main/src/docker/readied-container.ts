/**
 * A step's container started ahead of its turn, its command held at a gate. Starting a container
 * (namespaces, network, mounts) takes Docker ~300 ms; a step that waits for its parents gets it
 * done while they run, and its own command begins the moment the gate opens. Nothing of the step
 * runs before: the gate is a shell reading one line of stdin, then exec'ing the image's entrypoint
 * and the step's command, so that process is the one Docker started (PID 1, signals, exit code).
 */
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { discardContainer, nextExitCode, START_TIMEOUT_MS, STOPPED } from './containers.js';

/** `read` returns at the first line; `exec "$@"` becomes the image's entrypoint plus the step's command. */
const GATE = ['/bin/sh', '-c', 'read -r _ && exec "$@"', 'orchest-step-gate'] as const;

/** The spec of a gated container: the gate before the image's entrypoint, stdin open once for the "go". */
export function gatedSpec(spec: Docker.ContainerCreateOptions, imageEntrypoint: readonly string[]): Docker.ContainerCreateOptions {
  return { ...spec, Entrypoint: [...GATE, ...imageEntrypoint], AttachStdin: true, OpenStdin: true, StdinOnce: true };
}

export interface ReadiedContainer {
  container: Docker.Container;
  /** The attach, hijacked: the step's output comes out of it, the "go" goes in. */
  stream: Duplex;
  /** The answer of a `wait` for the next exit asked before the start. */
  exitCode: Promise<number | null>;
  /** Ends that wait. */
  stop: AbortController;
  /** It has exited already (the gate failed: no /bin/sh in the image...): it cannot run the step. */
  exited(): boolean;
  /** Let the step's command begin: the gate's line, then end of stdin (the step sees stdin closed, as without the gate). */
  open(): void;
  /** Remove it, its step will not run (never rejects). */
  discard(): Promise<void>;
}

/**
 * Create, attach and start `spec` behind the gate. Undefined when anything of it failed (an image
 * without /bin/sh, a refusal): the step then runs as usual, which reports the reason if it has one.
 */
export async function readyContainer(docker: Docker, spec: Docker.ContainerCreateOptions, imageEntrypoint: readonly string[]): Promise<ReadiedContainer | undefined> {
  let container: Docker.Container;
  try {
    container = await docker.createContainer(gatedSpec(spec, imageEntrypoint));
  } catch {
    return undefined;
  }
  const made = container;
  const stop = new AbortController();
  let stream: Duplex | undefined;
  try {
    const attached = (await made.attach({ stream: true, hijack: true, stdin: true, stdout: true, stderr: true })) as Duplex;
    stream = attached;
    let exited = false;
    const exitCode = nextExitCode(made, stop.signal);
    exitCode.then(
      () => (exited = true),
      () => (exited = true),
    );
    await made.start({ abortSignal: AbortSignal.timeout(START_TIMEOUT_MS) });
    return {
      container: made,
      stream: attached,
      exitCode,
      stop,
      exited: () => exited,
      open: () => attached.end('\n'),
      discard: async () => {
        stop.abort(STOPPED);
        attached.destroy();
        await discardContainer(made);
      },
    };
  } catch {
    stop.abort(STOPPED);
    stream?.destroy();
    await discardContainer(made);
    return undefined;
  }
}
