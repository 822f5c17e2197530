import { describe, expect, it } from 'vitest';
import type { EnvironmentInfo } from '../../api/environments.js';
import { CliError } from '../exit-codes.js';
import { formatEnvironmentTable, formatSize, pickEnvironment } from './env.js';

const info = (over: Partial<EnvironmentInfo> & Pick<EnvironmentInfo, 'uuid' | 'name'>): EnvironmentInfo => ({
  language: 'python',
  base_image: 'orchest/base-kernel-py',
  gpu_support: false,
  setup_script: '',
  image: `orchest-env-12345678-${over.uuid}:abcdefabcdef`,
  build: { status: 'NONE' },
  ...over,
});

describe('orchest env list table', () => {
  it('shows name, uuid, language, base image, state, built at and size, then what each has to say', () => {
    const text = formatEnvironmentTable([
      info({ uuid: 'aaa', name: 'Python 3', isDefault: true, build: { status: 'SUCCESS', builtAt: new Date(2025, 0, 2, 3, 4).getTime(), sizeBytes: 630_341_935 } }),
      info({ uuid: 'bbb', name: 'R', language: 'r', build: { status: 'FAILURE', message: 'The setup script failed (exit code 3).\n--- last lines ---\nE: nope' } }),
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+UUID\s+LANGUAGE\s+BASE IMAGE\s+STATE\s+BUILT AT\s+SIZE$/);
    expect(lines[1]).toMatch(/^Python 3 \(default\)\s+aaa\s+python\s+orchest\/base-kernel-py\s+SUCCESS\s+2025-01-02 03:04\s+601 MB$/);
    expect(lines[2]).toMatch(/^R\s+bbb\s+r\s+orchest\/base-kernel-py\s+FAILURE\s+-\s+-$/);
    expect(lines.at(-1)).toBe('R: The setup script failed (exit code 3).');
    // Columns line up.
    expect(lines[1].indexOf('aaa')).toBe(lines[0].indexOf('UUID'));
  });

  it('says when there is nothing to list', () => {
    expect(formatEnvironmentTable([])).toMatch(/No environments/);
  });

  it('writes sizes for humans', () => {
    expect(formatSize(undefined)).toBe('-');
    expect(formatSize(2048)).toBe('2 KB');
    expect(formatSize(3 * 1024 ** 3)).toBe('3.0 GB');
  });
});

describe('choosing an environment on the command line', () => {
  const envs = [info({ uuid: 'u1', name: 'Python 3' }), info({ uuid: 'u2', name: 'Same' }), info({ uuid: 'u3', name: 'Same' })];
  it('takes a uuid or a name, ignoring case when nothing matches exactly', () => {
    expect(pickEnvironment(envs, 'u1').uuid).toBe('u1');
    expect(pickEnvironment(envs, 'python 3').uuid).toBe('u1');
  });
  it('refuses an ambiguous or unknown name, listing the choices', () => {
    expect(() => pickEnvironment(envs, 'Same')).toThrow(/use one of their uuids: u2, u3/);
    expect(() => pickEnvironment(envs, 'nope')).toThrow(CliError);
    expect(() => pickEnvironment(envs, 'nope')).toThrow(/"Python 3" \(u1\)/);
  });
});
