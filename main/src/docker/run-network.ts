/**
 * One network namespace for all the steps of a run, held by a container that runs nothing (as a
 * pod's "pause" container does): a step joins it instead of getting its own on Docker's bridge.
 * Setting up a container's network (a veth pair, iptables rules) is about half of what Docker
 * spends to start one, so each step starts in about half the time and CPU. Steps reach the network
 * as before; they share `localhost`, so two steps running at once cannot listen on the same port.
 */
import type Docker from 'dockerode';
import { discardContainer, LABEL, START_TIMEOUT_MS } from './containers.js';

/** Waits on a stdin nobody writes to: it holds the namespace and uses no CPU. */
const HOLD = ['/bin/sh', '-c', 'read -r _'];

/**
 * Start the run's network holder from `image` (any image of the run: it needs /bin/sh). Undefined
 * when that failed (an image without a shell...): the steps then get a network each, as without it.
 */
export async function startRunNetwork(docker: Docker, spec: { image: string; name: string; labels: Record<string, string>; user?: string }): Promise<string | undefined> {
  let container: Docker.Container;
  try {
    container = await docker.createContainer({
      Image: spec.image,
      name: spec.name,
      Entrypoint: HOLD,
      Cmd: [],
      Labels: { ...spec.labels, [LABEL.runNetwork]: 'true' },
      ...(spec.user ? { User: spec.user } : {}),
      OpenStdin: true,
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      HostConfig: { LogConfig: { Type: 'none', Config: {} } },
    });
  } catch {
    return undefined;
  }
  try {
    await container.start({ abortSignal: AbortSignal.timeout(START_TIMEOUT_MS) });
    // A holder that has already exited would make every step's start fail: check it stays.
    const info = await container.inspect();
    if (info.State.Running) return container.id;
  } catch {
    // below
  }
  await discardContainer(container);
  return undefined;
}

/** Remove the run's network holder (never rejects: orphan clean-up takes what is left). */
export async function stopRunNetwork(docker: Docker, holder: string): Promise<void> {
  await discardContainer(docker.getContainer(holder));
}
