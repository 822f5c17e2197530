/**
 * `orchest image build-offline`: the refusals that need no image build. A real failing build
 * (apt cannot find a package) is in image.docker.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildOffline, registerImageCommand } from './image.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'orchest-image-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[], env?: NodeJS.ProcessEnv) {
  const err: string[] = [];
  let code = -1;
  const program = new Command('orchest').exitOverride();
  registerImageCommand(program, { stderr: { write: (t: string) => err.push(t) }, env, setExitCode: (c) => (code = c) });
  await program.parseAsync(['node', 'orchest', ...args]);
  return { code, err: err.join('') };
}

describe('orchest image build-offline', () => {
  it('says docker is missing and how to install it', async () => {
    const bin = path.join(tmp, 'bin-no-docker');
    // A PATH with the shell's basic tools but no docker.
    mkdirSync(bin);
    for (const tool of ['tr', 'mktemp', 'rm', 'echo']) symlinkSync(`/usr/bin/${tool}`, path.join(bin, tool));
    const r = await cli(['image', 'build-offline', 'my-py:1'], { PATH: bin });
    expect(r.code).toBe(2);
    expect(r.err).toContain("error: 'docker' is not installed (apt-get install -y docker.io)");
    expect(r.err).toContain('orchest image build-offline: failed (exit 2)');
  });

  it('refuses an image name docker would refuse, or a package name apt would, before running anything', async () => {
    const bad = await cli(['image', 'build-offline', 'My Image']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"My Image" is not a valid image name');
    await expect(buildOffline('ok-name', { packages: 'python3-pandas,$(rm -rf /)' })).rejects.toThrow(/"\$\(rm" is not a Debian package name/);
  });

  it('refuses an Orchest image it cannot imitate, or a pip requirement pip would not take, before running anything', async () => {
    const like = await cli(['image', 'build-offline', 'my-jl:1', '--like', 'orchest/base-kernel-julia']);
    expect(like.code).toBe(2);
    expect(like.err).toContain('"orchest/base-kernel-julia" is not an image build-offline can imitate (orchest/base-kernel-py, orchest/base-kernel-r)');
    await expect(buildOffline('ok-name', { pip: 'pyarrow polars>=1.0 $(reboot)' })).rejects.toThrow(/"\$\(reboot\)" is not a pip requirement/);
  });
});
