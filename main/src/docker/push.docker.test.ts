/**
 * `docker push` through the real engine to a registry on 127.0.0.1 (testing/fake-registry.ts: no
 * registry image can be pulled here). The image is built FROM scratch with one small file.
 */
import { randomUUID } from 'node:crypto';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerClient } from './client.js';
import { buildImage, inspectImage, removeImage } from './images.js';
import { pushImage, tagImage } from './push.js';
import { startFakeRegistry, type FakeRegistry } from './testing/fake-registry.js';

const docker = createDockerClient('');
const name = `orchest-push-test-${randomUUID().slice(0, 8)}`;
const local = `${name}:v1`;
let registry: FakeRegistry;
let remote: string;

async function context(): Promise<Buffer> {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  pack.entry({ name: 'hello.txt' }, `hello ${name}\n`);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  registry = await startFakeRegistry();
  remote = `${registry.host}/team/${name}:v1`;
  await buildImage(docker, await context(), { tag: local });
});

afterAll(async () => {
  await removeImage(docker, remote);
  await removeImage(docker, local);
  await registry?.close();
});

describe('pushImage', () => {
  it('tags a local image under the registry and pushes its manifest and layers there', async () => {
    await tagImage(docker, local, remote);
    expect(await inspectImage(docker, remote)).not.toBeNull();
    const lines: string[] = [];
    await pushImage(docker, remote, { onMessage: (m) => m.status && lines.push(m.status) });
    const manifest = JSON.parse(registry.manifests.get(`team/${name}:v1`) ?? 'null') as { config: { digest: string }; layers: Array<{ digest: string }> } | null;
    expect(manifest, `the registry got no manifest; the push said: ${lines.join(' | ')}`).not.toBeNull();
    for (const layer of manifest!.layers) expect(registry.blobs.has(layer.digest)).toBe(true);
    expect(registry.blobs.has(manifest!.config.digest)).toBe(true);
  });

  it('fails with the engine\'s reason for an image it does not have', async () => {
    await expect(pushImage(docker, `${registry.host}/team/${name}-missing:v1`)).rejects.toThrow(/does not exist|no such image|An image does not exist/i);
  });
});
