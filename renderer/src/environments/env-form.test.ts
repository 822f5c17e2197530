import { describe, expect, it } from 'vitest';
import type { EnvironmentInfo } from '../../../main/src/api/environments.js';
import { draftFromInfo, hasErrors, newDraft, sameDraft, specOf, validateDraft, withLanguage } from './env-form.js';

const info: EnvironmentInfo = {
  uuid: 'e1',
  name: 'Py',
  language: 'python',
  base_image: 'python:3.11-slim',
  gpu_support: false,
  setup_script: 'pip install x\n',
  image: 'orchest-env-abc:1',
  isDefault: true,
  build: { status: 'NONE' },
};

describe('environment form', () => {
  it('starts a new environment from the project default’s base image, else Orchest’s Python image', () => {
    expect(newDraft()).toEqual({ name: '', language: 'python', base_image: 'orchest/base-kernel-py', gpu_support: false, setup_script: '' });
    expect(newDraft(info).base_image).toBe('python:3.11-slim');
  });

  it('requires a name and a base image without spaces', () => {
    expect(validateDraft(newDraft())).toEqual({ name: 'Give the environment a name.' });
    expect(validateDraft({ ...newDraft(), name: '  ' }).name).toBeDefined();
    const errors = validateDraft({ ...newDraft(), name: 'ok', base_image: 'my image' });
    expect(errors).toEqual({ base_image: 'An image name has no spaces.' });
    expect(validateDraft({ ...newDraft(), name: 'ok', base_image: '' }).base_image).toMatch(/Name a base image/);
    expect(hasErrors(validateDraft(draftFromInfo(info)))).toBe(false);
  });

  it('follows the language with Orchest base images only', () => {
    expect(withLanguage(newDraft(), 'r').base_image).toBe('orchest/base-kernel-r');
    expect(withLanguage(draftFromInfo(info), 'julia')).toMatchObject({ language: 'julia', base_image: 'python:3.11-slim' });
  });

  it('trims what it sends and tells edits from the saved version', () => {
    expect(specOf({ ...draftFromInfo(info), name: ' Py ', base_image: ' python:3.11 ' })).toMatchObject({ name: 'Py', base_image: 'python:3.11' });
    expect(sameDraft(draftFromInfo(info), draftFromInfo(info))).toBe(true);
    expect(sameDraft(draftFromInfo(info), { ...draftFromInfo(info), gpu_support: true })).toBe(false);
  });
});
