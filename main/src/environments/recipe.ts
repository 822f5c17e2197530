import { createHash } from 'node:crypto';
import { CONTAINER_PATHS } from '../docker/containers.js';
import { projectKey } from '../project/project-id.js';

/**
 * Pure rules that turn an environment into an image: alias resolution, the recipe hash,
 * the tag and the Dockerfile (build-context.ts packs it with the project).
 */

/** Bumped when the Dockerfile template changes, so every environment rebuilds once. */
export const RECIPE_VERSION = 2;

export const IMAGE_LABELS = {
  app: 'orchest.app',
  kind: 'orchest.kind',
  project: 'orchest.project',
  environment: 'orchest.environment',
  recipe: 'orchest.recipe',
} as const;
export const APP_LABEL_VALUE = 'orchest-desktop';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Docker's reference grammar, simplified: [registry/]path[:tag][@sha256:digest], where the first
 * part is a registry only if it has a dot or a port or is localhost (as docker decides).
 */
const component = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const registry = '(?:(?:localhost|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)(?::[0-9]+)?|[A-Za-z0-9-]+:[0-9]+)/';
const imageRefPattern = new RegExp(
  `^(?:${registry})?${component}(?:/${component})*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`,
);

export function isValidImageRef(ref: string): boolean {
  return imageRefPattern.test(ref);
}

/** "name:tag" → "name"; keeps a registry port ("host:5000/x") intact. */
export function withoutTag(ref: string): string {
  const noDigest = ref.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/**
 * The local image to use for `image`: config.image_aliases by exact name, then with the default
 * ":latest" tag added or dropped, then by name without tag (an alias for every tag).
 */
export function resolveAlias(image: string, aliases: Record<string, string>): string {
  const bare = withoutTag(image);
  const candidates = [image];
  if (bare === image) candidates.push(`${image}:latest`);
  else if (image === `${bare}:latest`) candidates.push(bare);
  candidates.push(bare);
  for (const key of candidates) {
    if (Object.prototype.hasOwnProperty.call(aliases, key) && aliases[key]) return aliases[key];
  }
  return image;
}

/** 8 readable chars of the environment uuid, for tags. */
export function environmentSlug(uuid: string): string {
  const clean = uuid.toLowerCase().replace(/[^a-z0-9]/g, '');
  return (clean || sha256(uuid)).slice(0, 8);
}

/** Bash chokes on CRLF scripts ("$'\r': command not found"); Windows-edited scripts just work. */
export function normalizeScript(script: string): string {
  return script.replace(/\r\n/g, '\n');
}

export interface Recipe {
  /** The base image after image_aliases. */
  baseImage: string;
  /** The base image's id when the engine has it; otherwise the recipe is provisional. */
  baseImageId?: string;
  setupScript: string;
  language: string;
  gpuSupport: boolean;
  /** Project files the setup script depends on → content hash (build-inputs.ts). */
  inputs: Record<string, string>;
}

/** 12 hex chars that change whenever anything that goes into the image changes. */
export function recipeHash(recipe: Recipe): string {
  const key = JSON.stringify({
    v: RECIPE_VERSION,
    base: recipe.baseImageId ?? `ref:${recipe.baseImage}`,
    script: normalizeScript(recipe.setupScript),
    language: recipe.language,
    gpu: recipe.gpuSupport,
    inputs: recipe.inputs,
  });
  return sha256(key).slice(0, 12);
}

export function imageRepository(projectRoot: string, envUuid: string): string {
  return `orchest-env-${projectKey(projectRoot)}-${environmentSlug(envUuid)}`;
}

/** e.g. orchest-env-1a2b3c4d-c56ab762:0123456789ab */
export function imageTag(projectRoot: string, envUuid: string, recipe: Recipe): string {
  return `${imageRepository(projectRoot, envUuid)}:${recipeHash(recipe)}`;
}

export function imageLabels(projectRoot: string, envUuid: string, recipe: Recipe): Record<string, string> {
  return {
    [IMAGE_LABELS.app]: APP_LABEL_VALUE,
    [IMAGE_LABELS.kind]: 'environment',
    [IMAGE_LABELS.project]: projectKey(projectRoot),
    [IMAGE_LABELS.environment]: envUuid,
    [IMAGE_LABELS.recipe]: recipeHash(recipe),
  };
}

export const SETUP_SCRIPT_PATH = '/orchest/setup_script.sh';

/** Folders of the build context (build-context.ts fills them). */
export const CONTEXT_DIRS = { project: 'project', sdk: 'sdk' } as const;

export interface DockerfileOptions {
  labels?: Record<string, string>;
  /** Build arguments the setup script sees as variables (the package index): ARG lines, never ENV, so they stay out of the image. */
  buildArgs?: string[];
}

/**
 * As in Orchest: the project (without what .gitignore ignores) at /project-dir, the working
 * directory of the setup script, and the SDK importable (on PYTHONPATH, as at run time, where the
 * live project and SDK are mounted over these copies). Labels go last, in one LABEL line: the
 * engine's `labels` option costs a build step per label.
 */
export function dockerfile(baseImage: string, opts: DockerfileOptions = {}): string {
  const labelLine = Object.entries(opts.labels ?? {})
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const sdk = CONTAINER_PATHS.sdk;
  return [
    '# Generated by Orchest Desktop from the environment; edit the environment, not this file.',
    `FROM ${baseImage}`,
    `COPY ${CONTEXT_DIRS.sdk} ${sdk}`,
    `COPY ${CONTEXT_DIRS.project} ${CONTAINER_PATHS.project}`,
    `COPY setup_script.sh ${SETUP_SCRIPT_PATH}`,
    ...(opts.buildArgs ?? []).map((name) => `ARG ${name}`),
    `RUN cd ${CONTAINER_PATHS.project} && PYTHONPATH="${sdk}\${PYTHONPATH:+:\$PYTHONPATH}" bash ${SETUP_SCRIPT_PATH}`,
    ...(labelLine ? [`LABEL ${labelLine}`] : []),
    '',
  ].join('\n');
}
