import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { createConfigService } from './config-service.js';

async function setup(content?: string) {
  const configDir = path.join(await tempDir(), 'orchest');
  const file = path.join(configDir, 'config.json');
  if (content !== undefined) {
    await fs.mkdir(configDir, { recursive: true });
    await fs.writeFile(file, content);
  }
  return { configDir, file };
}

const readJson = async (file: string) => JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;

describe('config service', () => {
  it('uses defaults when there is no file, and does not create one until a change', async () => {
    const { configDir, file } = await setup();
    const config = await createConfigService({ configDir });
    expect(config.path).toBe(file);
    expect(config.notices).toEqual([]);
    expect(config.get()).toMatchObject({ recent_projects: [], external_editor: '', default_parallelism: 4, default_runner: 'docker' });
    await expect(fs.access(configDir)).rejects.toThrow();

    const updated = await config.update({ external_editor: 'code {file}' });
    expect(updated.external_editor).toBe('code {file}');
    // Only what the user set is written, so future defaults still apply to the rest.
    expect(await readJson(file)).toEqual({ external_editor: 'code {file}' });
  });

  it('keeps unknown keys and hand edits made while the app runs', async () => {
    const { configDir, file } = await setup('{"theme": "dark", "default_parallelism": 2}');
    const config = await createConfigService({ configDir });
    expect(config.get()).toMatchObject({ theme: 'dark', default_parallelism: 2 });
    await fs.writeFile(file, '{"theme": "dark", "default_parallelism": 2, "docker_host": "tcp://10.0.0.2:2375"}');
    await config.update({ default_runner: 'local' });
    expect(await readJson(file)).toEqual({ theme: 'dark', default_parallelism: 2, docker_host: 'tcp://10.0.0.2:2375', default_runner: 'local' });
  });

  it('refuses an invalid change with the reason, and leaves the file alone', async () => {
    const { configDir, file } = await setup('{"default_parallelism": 2}\n');
    const config = await createConfigService({ configDir });
    await expect(config.update({ default_parallelism: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/default_parallelism/),
    });
    await expect(config.update({ default_runner: 'podman' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await fs.readFile(file, 'utf8')).toBe('{"default_parallelism": 2}\n');
    expect(config.get().default_parallelism).toBe(2);
  });

  it('resets a setting to its default when patched with null', async () => {
    const { configDir, file } = await setup('{"default_parallelism": 8, "external_editor": "vim"}');
    const config = await createConfigService({ configDir });
    const updated = await config.update({ default_parallelism: null });
    expect(updated.default_parallelism).toBe(4);
    expect(await readJson(file)).toEqual({ external_editor: 'vim' });
  });

  it('sets a file that is not JSON aside with a clear notice, and replaces it only on the first save', async () => {
    const broken = '{"recent_projects": ["/home/me/p"], oops}';
    const { configDir, file } = await setup(broken);
    const config = await createConfigService({ configDir });
    expect(config.get().recent_projects).toEqual([]);
    expect(config.notices).toHaveLength(1);
    const notice = config.notices[0]!;
    expect(notice.backupPath).toMatch(/config\.json\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(notice.message).toContain(`Your config file ${file} could not be used: it is not valid JSON`);
    expect(notice.message).toContain(`A copy of it was saved as ${notice.backupPath}`);
    expect(await fs.readFile(notice.backupPath!, 'utf8')).toBe(broken);
    expect(await fs.readFile(file, 'utf8')).toBe(broken); // untouched until a change

    await config.update({ external_editor: 'code' });
    expect(await readJson(file)).toEqual({ external_editor: 'code' });
    expect(await fs.readFile(notice.backupPath!, 'utf8')).toBe(broken);
  });

  it('sets aside a file nested too deep or not UTF-8, with where it breaks, the copy byte-identical', async () => {
    const deep = `{"recent_projects": [], "mine": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const latin1 = Buffer.concat([Buffer.from('{\n"external_editor": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]);
    for (const [content, reason] of [
      [deep, /could not be used: it is not valid JSON \(at line 1, column \d+: Nested more than 256 levels deep/],
      [latin1, /could not be used: it is not UTF-8 text: byte 0xE9 at line 2, column 24/],
    ] as const) {
      const { configDir, file } = await setup();
      await fs.mkdir(configDir, { recursive: true });
      await fs.writeFile(file, content);
      const config = await createConfigService({ configDir });
      expect(config.get().external_editor).toBe('');
      expect(config.notices[0]!.message).toMatch(reason);
      expect((await fs.readFile(config.notices[0]!.backupPath!)).equals(Buffer.from(content))).toBe(true);
      expect((await fs.readFile(file)).equals(Buffer.from(content))).toBe(true); // untouched until a change
      await config.update({ external_editor: 'vim' }); // the first change replaces exactly that file
      expect(await readJson(file)).toEqual({ external_editor: 'vim' });
    }
  });

  it('keeps the valid settings of a file that fails the schema, and says which were reset', async () => {
    const { configDir, file } = await setup('{"recent_projects": ["/p"], "default_parallelism": 0, "mine": 1}');
    const config = await createConfigService({ configDir });
    expect(config.get()).toMatchObject({ recent_projects: ['/p'], default_parallelism: 4, mine: 1 });
    expect(config.notices[0]!.message).toContain('"default_parallelism" is reset to the default; your other settings are kept.');
    await config.update({ external_editor: 'vim' });
    expect(await readJson(file)).toEqual({ recent_projects: ['/p'], mine: 1, external_editor: 'vim' });
  });

  it('never overwrites a file that became unreadable after start', async () => {
    const { configDir, file } = await setup('{}');
    const config = await createConfigService({ configDir });
    await fs.writeFile(file, '{"external_editor": "vim",');
    await expect(config.update({ default_parallelism: 3 })).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringContaining('Fix or delete it; nothing was changed.'),
    });
    expect(await fs.readFile(file, 'utf8')).toBe('{"external_editor": "vim",');
  });

  it('keeps recent projects most recent first, unique, at most 10', async () => {
    const { configDir, file } = await setup();
    const config = await createConfigService({ configDir });
    for (let i = 0; i < 12; i++) await config.addRecentProject(`/p${i}`);
    await config.addRecentProject('/p5');
    const expected = ['/p5', '/p11', '/p10', '/p9', '/p8', '/p7', '/p6', '/p4', '/p3', '/p2'];
    expect(config.get().recent_projects).toEqual(expected);
    expect((await readJson(file)).recent_projects).toEqual(expected);
    // A reload sees the same list.
    expect((await createConfigService({ configDir })).get().recent_projects).toEqual(expected);
  });

  it('applies concurrent changes one after the other without losing any', async () => {
    const { configDir, file } = await setup();
    const config = await createConfigService({ configDir });
    await Promise.all([config.update({ a: 1 }), config.update({ b: 2 }), config.addRecentProject('/x'), config.update({ c: 3 })]);
    expect(await readJson(file)).toEqual({ a: 1, b: 2, recent_projects: ['/x'], c: 3 });
  });
});
