/**
 * `orchest image build-offline` for real, up to apt: it needs dockerd, the base image
 * orchest-offline-minbase:bookworm (else it would debootstrap for minutes) and Debian's mirror.
 * An unknown package makes apt fail fast; the user must see apt's own words and a non-zero exit.
 */
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDockerReachable, createDockerClient } from '../../docker/client.js';
import { inspectImage } from '../../docker/images.js';
import { registerImageCommand } from './image.js';

const MINBASE = 'orchest-offline-minbase:bookworm';

beforeAll(async () => {
  const docker = createDockerClient('');
  await assertDockerReachable(docker, '');
  if (!(await inspectImage(docker, MINBASE))) throw new Error(`The base image ${MINBASE} is missing: build it with npx orchest image build-offline orchest-test-py:latest`);
});

describe('orchest image build-offline (real engine)', () => {
  it('shows progress, and on failure exits non-zero with the tail of the build output', async () => {
    const err: string[] = [];
    let code = -1;
    const program = new Command('orchest').exitOverride();
    registerImageCommand(program, { stderr: { write: (t: string) => err.push(t) }, setExitCode: (c) => (code = c) });
    await program.parseAsync(['node', 'orchest', 'image', 'build-offline', 'orchest-test-never-built:x', '--packages', 'no-such-package-orchest']);
    const text = err.join('');
    expect(code).toBe(1);
    expect(text).toContain('[1/3] reusing orchest-offline-minbase:bookworm');
    expect(text).toMatch(/Step 1\/\d+ : FROM orchest-offline-minbase:bookworm/);
    expect(text).toMatch(/failed \(exit 1\)\. Last lines:[\s\S]*E: Unable to locate package no-such-package-orchest/);
    const docker = createDockerClient('');
    expect(await inspectImage(docker, 'orchest-test-never-built:x')).toBeNull();
    // The failed RUN step's container is not left behind.
    const left = (await docker.listContainers({ all: true })).filter((c) => c.Command.includes('no-such-package-orchest'));
    expect(left).toEqual([]);
  }, 120_000);
});
