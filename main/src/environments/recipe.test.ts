import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildContext, dockerfile, imageTag, isValidImageRef, resolveAlias, withoutTag, type Recipe } from './recipe.js';

const recipe: Recipe = {
  baseImage: 'orchest-test-py:latest',
  baseImageId: 'sha256:790c427695fad00b7cdf66889e92f083febc0046263a3ba663a0f47a0c39cd9a',
  setupScript: 'pip install requests\n',
  language: 'python',
  gpuSupport: false,
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

describe('build context', () => {
  it('is a tar holding the Dockerfile (FROM the resolved base, running the script) and the script', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'orchest-ctx-'));
    try {
      const tarFile = path.join(dir, 'ctx.tar');
      writeFileSync(tarFile, buildContext({ ...recipe, setupScript: 'echo hi > /hello\r\necho done\r\n' }, { 'orchest.environment': 'e1', 'orchest.note': 'a "quoted" b' }));
      const names = execFileSync('tar', ['-tf', tarFile], { encoding: 'utf8' }).trim().split('\n');
      expect(names).toEqual(['Dockerfile', 'setup_script.sh']);
      execFileSync('tar', ['-xf', tarFile, '-C', dir]);
      const df = readFileSync(path.join(dir, 'Dockerfile'), 'utf8');
      expect(df).toContain('FROM orchest-test-py:latest\n');
      expect(df).toMatch(/COPY setup_script.sh \/orchest\/setup_script.sh\nRUN bash \/orchest\/setup_script.sh\n/);
      expect(df).toContain('LABEL orchest.environment="e1" orchest.note="a \\"quoted\\" b"\n');
      expect(readFileSync(path.join(dir, 'setup_script.sh'), 'utf8')).toBe('echo hi > /hello\necho done\n');
      expect(statSync(path.join(dir, 'setup_script.sh')).mode & 0o777).toBe(0o755);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is byte-identical for the same recipe (so the engine cache hits)', () => {
    expect(buildContext(recipe).equals(buildContext({ ...recipe }))).toBe(true);
    expect(dockerfile('a:1')).not.toBe(dockerfile('b:1'));
  });
});
