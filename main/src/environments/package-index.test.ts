/**
 * The package index as builds get it: PIP_* variables, and the read-only server for local folders
 * (here on 127.0.0.1; builds use the Docker bridge's address, see package-index.docker tests).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../pipeline/testing/fixtures.js';
import { classifyEntries, firstHost, pipVariables, serveEntries } from './package-index.js';

let closeServer: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

/** A mirror laid out as many are: simple/<project>/index.html linking to ../../files/. */
async function mirror(): Promise<{ simple: string; wheels: string }> {
  const root = await tempDir('orchest-index-');
  await fs.mkdir(path.join(root, 'mirror/simple/aenum'), { recursive: true });
  await fs.mkdir(path.join(root, 'mirror/files'), { recursive: true });
  await fs.mkdir(path.join(root, 'wheels'), { recursive: true });
  await fs.writeFile(path.join(root, 'mirror/simple/aenum/index.html'), '<a href="../../files/aenum-1-py3-none-any.whl">aenum</a>');
  await fs.writeFile(path.join(root, 'mirror/files/aenum-1-py3-none-any.whl'), 'WHEEL');
  await fs.writeFile(path.join(root, 'mirror/secret.txt'), 'not a package');
  await fs.writeFile(path.join(root, 'wheels/six-1-py3-none-any.whl'), 'SIX');
  await fs.writeFile(path.join(root, 'wheels/notes.txt'), 'no');
  return { simple: path.join(root, 'mirror/simple'), wheels: path.join(root, 'wheels') };
}

const get = async (url: string) => {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, text: await res.text() };
};

describe('package index', () => {
  it('makes the first index PIP_INDEX_URL, the others extra, wheel folders find-links; wheels alone mean no PyPI', () => {
    expect(pipVariables(['https://a/simple', 'https://b/simple'], [])).toEqual({ PIP_INDEX_URL: 'https://a/simple', PIP_EXTRA_INDEX_URL: 'https://b/simple' });
    expect(pipVariables([], ['http://h:1/0/'], 'h:1')).toEqual({ PIP_FIND_LINKS: 'http://h:1/0/', PIP_NO_INDEX: '1', PIP_TRUSTED_HOST: 'h:1' });
  });

  it('tells a simple index from a wheel folder, and says which folder cannot be read', async () => {
    const { simple, wheels } = await mirror();
    expect(await classifyEntries([`file://${simple}`, wheels, 'https://pypi.org/simple'])).toEqual([
      { kind: 'simple', dir: simple },
      { kind: 'wheels', dir: wheels },
      { kind: 'url', url: 'https://pypi.org/simple' },
    ]);
    await expect(classifyEntries(['/no/such/index'])).rejects.toThrow(/The package index folder \/no\/such\/index .* cannot be read/);
  });

  it('serves index pages, the files they link to outside simple/, and wheel listings; nothing else', async () => {
    const { simple, wheels } = await mirror();
    const served = await serveEntries(await classifyEntries([simple, wheels, 'https://example.org/simple']), '127.0.0.1');
    closeServer = served.close;
    const { PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_TRUSTED_HOST } = served.vars;
    expect(PIP_INDEX_URL).toBe(`${served.base}/0/simple/`);
    expect(PIP_EXTRA_INDEX_URL).toBe('https://example.org/simple');
    expect(PIP_FIND_LINKS).toBe(`${served.base}/1/`);
    expect(PIP_TRUSTED_HOST).toBe(served.base.replace('http://', ''));

    const page = await get(`${PIP_INDEX_URL}aenum/`);
    expect(page).toEqual({ status: 200, text: expect.stringContaining('../../files/aenum-1-py3-none-any.whl') });
    // What pip fetches next: the link resolved against the page.
    expect(await get(new URL('../../files/aenum-1-py3-none-any.whl', `${PIP_INDEX_URL}aenum/`).href)).toEqual({ status: 200, text: 'WHEEL' });
    expect((await get(`${PIP_INDEX_URL}aenum`)).status).toBe(301);
    const listing = await get(PIP_FIND_LINKS!);
    expect(listing.text).toContain('href="six-1-py3-none-any.whl"');
    expect(listing.text).not.toContain('notes.txt');
    expect((await get(`${PIP_FIND_LINKS}six-1-py3-none-any.whl`)).text).toBe('SIX');

    for (const refused of [`${served.base}/0/secret.txt`, `${served.base}/0/files/`, `${served.base}/1/notes.txt`, `${served.base}/0/%2e%2e/wheels/six-1-py3-none-any.whl`, `${served.base}/7/x.whl`]) {
      expect((await get(refused)).status, refused).toBe(404);
    }
  });
});

describe('bridge address', () => {
  it("is the subnet's first address when the engine names no gateway", () => {
    expect(firstHost('172.17.0.0/16')).toBe('172.17.0.1');
    expect(firstHost('10.1.255.0/24')).toBe('10.1.255.1');
    expect(firstHost('fd00::/64')).toBeNull();
  });
});
