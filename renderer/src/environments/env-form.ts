/** The environment form's draft: defaults, validation and change detection. Pure. */
import type { EnvironmentInfo, EnvironmentSpec } from '../../../main/src/api/environments.js';

export const LANGUAGES = [
  { value: 'python', label: 'Python' },
  { value: 'r', label: 'R' },
  { value: 'julia', label: 'Julia' },
  { value: 'javascript', label: 'JavaScript' },
] as const;

/** Orchest's own base image for a language (users map them to local images with image_aliases). */
export function suggestedBaseImage(language: string): string {
  const suffix = { python: 'py', r: 'r', julia: 'julia', javascript: 'javascript' }[language] ?? 'py';
  return `orchest/base-kernel-${suffix}`;
}

export type EnvDraft = Omit<EnvironmentSpec, 'uuid'> & { uuid?: string };

/** A new environment: the project default's base image when there is one, else Orchest's Python image. */
export function newDraft(defaultEnv?: Pick<EnvironmentInfo, 'base_image' | 'language'> | null): EnvDraft {
  const language = defaultEnv?.language ?? 'python';
  return { name: '', language, base_image: defaultEnv?.base_image ?? suggestedBaseImage(language), gpu_support: false, setup_script: '' };
}

export function draftFromInfo(info: EnvironmentInfo): EnvDraft {
  return { uuid: info.uuid, name: info.name, language: info.language, base_image: info.base_image, gpu_support: info.gpu_support, setup_script: info.setup_script };
}

/** Changing the language of a draft whose base image is still an Orchest default follows along. */
export function withLanguage(draft: EnvDraft, language: string): EnvDraft {
  const followsLanguage = draft.base_image.trim() === '' || /^orchest\/base-kernel-[a-z]+$/.test(draft.base_image.trim());
  return { ...draft, language, ...(followsLanguage ? { base_image: suggestedBaseImage(language) } : {}) };
}

export type DraftErrors = Partial<Record<'name' | 'base_image', string>>;

/**
 * What we can tell before asking the core; it checks the image name's full grammar and
 * answers with its own message.
 */
export function validateDraft(draft: EnvDraft): DraftErrors {
  const errors: DraftErrors = {};
  const name = draft.name.trim();
  if (!name) errors.name = 'Give the environment a name.';
  else if (name.length > 200) errors.name = 'Keep the name under 200 characters.';
  const image = draft.base_image.trim();
  if (!image) errors.base_image = 'Name a base image, e.g. orchest/base-kernel-py or python:3.11-slim.';
  else if (/\s/.test(image)) errors.base_image = 'An image name has no spaces.';
  return errors;
}

export function hasErrors(errors: DraftErrors): boolean {
  return Object.keys(errors).length > 0;
}

/** What env.save receives: trimmed names, the script as typed. */
export function specOf(draft: EnvDraft): EnvDraft {
  return { ...draft, name: draft.name.trim(), base_image: draft.base_image.trim() };
}

export function sameDraft(a: EnvDraft, b: EnvDraft): boolean {
  return (
    a.uuid === b.uuid &&
    a.name === b.name &&
    a.language === b.language &&
    a.base_image === b.base_image &&
    a.gpu_support === b.gpu_support &&
    a.setup_script === b.setup_script
  );
}
