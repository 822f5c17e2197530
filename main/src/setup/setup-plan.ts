import { buildOfflineCommand, INSTALL_DEBOOTSTRAP, INSTALL_DOCKER_DEBIAN, SETUP_COMMAND } from './cli-commands.js';

/** The base image resources/image/build-offline.sh makes with debootstrap and reuses after. */
export const OFFLINE_BASE = 'orchest-offline-minbase:bookworm';
/** Pulled when a registry is reachable: the same Debian the offline builder makes, so both give the same image. */
export const REGISTRY_BASE = 'debian:bookworm-slim';

/** What decides how the default image can be made. */
export interface SetupFacts {
  image: string;
  imagePresent: boolean;
  offlineBasePresent: boolean;
  /** REGISTRY_BASE after image_aliases. */
  registryBase: string;
  registryBasePresent: boolean;
  /** The builder script drives the docker command-line tool. */
  dockerCli: boolean;
  debootstrap: boolean;
  root: boolean;
}

export type SetupAttempt =
  /** docker build on a base the engine has; null: the offline builder's own base. */
  | { method: 'local-base'; base: string | null }
  | { method: 'pull'; base: string }
  | { method: 'offline' };

export interface Refusal {
  message: string;
  /** What the user can run instead; absent when retrying (after fixing the cause in the log) is all there is. */
  command?: string;
}

export type SetupPlan =
  | { kind: 'present' }
  | { kind: 'build'; attempts: SetupAttempt[]; ifAllFail: Refusal }
  | { kind: 'impossible'; refusal: Refusal };

/**
 * The cheapest way to the default image: a base already here (no network but Debian's mirror),
 * else a pull, else debootstrap from scratch (needs root and debootstrap). Pure.
 */
export function planSetup(f: SetupFacts): SetupPlan {
  if (f.imagePresent) return { kind: 'present' };
  const retry: Refusal = { message: `Building ${f.image} failed.` };
  if (!f.dockerCli) {
    return {
      kind: 'impossible',
      refusal: { message: 'The image builder needs the docker command-line tool, which is not on the PATH.', command: `${INSTALL_DOCKER_DEBIAN} && ${SETUP_COMMAND}` },
    };
  }
  if (f.offlineBasePresent) return { kind: 'build', attempts: [{ method: 'local-base', base: null }], ifAllFail: retry };
  if (f.registryBasePresent) return { kind: 'build', attempts: [{ method: 'local-base', base: f.registryBase }], ifAllFail: retry };

  const pull: SetupAttempt = { method: 'pull', base: f.registryBase };
  const noRegistry = `No registry answered for ${f.registryBase}`;
  const asRoot = `sudo ${buildOfflineCommand(f.image)}`;
  if (!f.debootstrap) {
    return {
      kind: 'build',
      attempts: [pull],
      ifAllFail: { message: `${noRegistry}, and the offline builder needs debootstrap, which is not installed.`, command: `${INSTALL_DEBOOTSTRAP} && ${asRoot}` },
    };
  }
  if (!f.root) {
    return {
      kind: 'build',
      attempts: [pull],
      ifAllFail: { message: `${noRegistry}, and the offline builder needs root to make its base image with debootstrap.`, command: asRoot },
    };
  }
  return { kind: 'build', attempts: [pull, { method: 'offline' }], ifAllFail: retry };
}
