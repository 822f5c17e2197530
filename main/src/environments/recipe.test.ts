import { describe, expect, it } from 'vitest';
import { dockerfile, imageTag, isValidImageRef, resolveAlias, withoutTag, type Recipe } from './recipe.js';

const recipe: Recipe = {
  baseImage: 'orchest-test-py:latest',
  baseImageId: 'sha256:790c427695fad00b7cdf66889e92f083febc0046263a3ba663a0f47a0c39cd9a',
  setupScript: 'pip install requests\n',
  language: 'python',
  gpuSupport: false,
  inputs: { 'requirements.txt': 'a'.repeat(64) },
};
const root = '/home/ada/projects/housing';
const uuid = 'c56ab762-539c-4cce-9b1e-c4b00300ec6f';

describe('image tag', () => {
  it('names project, environment and recipe, and is the same every time for the same recipe', () => {
    const tag = imageTag(root, uuid, recipe);
    expect(tag).toMatch(/^orchest-env-[0-9a-f]{8}-c56ab762:[0-9a-f]{12}$/);
    expect(imageTag(root, uuid, { ...recipe })).toBe(tag);
  });

  it('changes when anything that goes into the image changes', () => {
    const tag = imageTag(root, uuid, recipe);
    const variants: Recipe[] = [
      { ...recipe, setupScript: 'pip install requests numpy\n' },
      { ...recipe, baseImageId: 'sha256:' + '1'.repeat(64) },
      { ...recipe, language: 'r' },
      { ...recipe, gpuSupport: true },
      { ...recipe, inputs: { 'requirements.txt': 'b'.repeat(64) } },
      { ...recipe, inputs: {} },
    ];
    const tags = variants.map((r) => imageTag(root, uuid, r));
    for (const t of tags) expect(t).not.toBe(tag);
    expect(new Set(tags).size).toBe(variants.length);
  });

  it('differs between projects and environments, but not with CRLF line endings in the script', () => {
    const tag = imageTag(root, uuid, recipe);
    expect(imageTag('/home/ada/projects/other', uuid, recipe)).not.toBe(tag);
    expect(imageTag(root, 'ea858517-17b2-4ad8-bad2-1764d69f4b6d', recipe)).not.toBe(tag);
    expect(imageTag(root, uuid, { ...recipe, setupScript: 'pip install requests\r\n' })).toBe(tag);
  });

  it('is a valid docker reference even for odd environment uuids', () => {
    expect(isValidImageRef(imageTag(root, 'My Env!', recipe))).toBe(true);
    expect(isValidImageRef(imageTag(root, '___', recipe))).toBe(true);
  });
});

describe('image aliases', () => {
  const aliases = { 'orchest/base-kernel-py': 'orchest-test-py:latest', 'orchest/base-kernel-r:v1': 'my-r:1' };
  it('maps a name with or without the default tag, and any tag of an untagged key', () => {
    expect(resolveAlias('orchest/base-kernel-py', aliases)).toBe('orchest-test-py:latest');
    expect(resolveAlias('orchest/base-kernel-py:latest', aliases)).toBe('orchest-test-py:latest');
    expect(resolveAlias('orchest/base-kernel-py:v2022.08.11', aliases)).toBe('orchest-test-py:latest');
    expect(resolveAlias('orchest/base-kernel-r:v1', aliases)).toBe('my-r:1');
  });
  it('leaves other images alone', () => {
    expect(resolveAlias('orchest/base-kernel-r:v2', aliases)).toBe('orchest/base-kernel-r:v2');
    expect(resolveAlias('python:3.11', aliases)).toBe('python:3.11');
  });
  it('strips tags but not registry ports', () => {
    expect(withoutTag('registry:5000/team/img:1.0')).toBe('registry:5000/team/img');
    expect(withoutTag('registry:5000/team/img')).toBe('registry:5000/team/img');
  });
});

describe('image references', () => {
  it('accepts what docker accepts and refuses the rest', () => {
    for (const ok of ['orchest/base-kernel-py', 'python:3.11-slim', 'ghcr.io/org/img:v1', 'localhost:5000/a/b', 'a@sha256:' + 'a'.repeat(64)]) {
      expect(isValidImageRef(ok), ok).toBe(true);
    }
    for (const bad of ['', 'Has Space', 'UPPER/case', 'img:', 'a//b', '-lead']) expect(isValidImageRef(bad), bad).toBe(false);
  });
});

describe('Dockerfile', () => {
  it('copies the SDK and the project, runs the script in /project-dir with the SDK importable, labels last', () => {
    const df = dockerfile('orchest-test-py:latest', { labels: { 'orchest.environment': 'e1', 'orchest.note': 'a "quoted" b' }, buildArgs: ['PIP_INDEX_URL'] });
    expect(df).toContain('FROM orchest-test-py:latest\n');
    expect(df).toContain('COPY sdk /orchest/sdk\nCOPY project /project-dir\nCOPY setup_script.sh /orchest/setup_script.sh\nARG PIP_INDEX_URL\n');
    expect(df).toContain('RUN cd /project-dir && PYTHONPATH="/orchest/sdk${PYTHONPATH:+:$PYTHONPATH}" bash /orchest/setup_script.sh\n');
    expect(df.trimEnd().split('\n').at(-1)).toBe('LABEL orchest.environment="e1" orchest.note="a \\"quoted\\" b"');
    expect(dockerfile('a:1')).not.toContain('ARG');
  });
});
