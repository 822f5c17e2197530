/**
 * A registry speaking just enough of the Docker Registry HTTP API v2 for `docker push` (blob
 * uploads, monolithic or chunked, then the manifest), on 127.0.0.1 over HTTP, which dockerd
 * accepts as an insecure registry. No registry image can be pulled here: this stands in for one.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRegistry {
  /** "127.0.0.1:PORT" */
  host: string;
  blobs: Map<string, Buffer>;
  /** "name:tag" → manifest JSON text */
  manifests: Map<string, string>;
  close(): Promise<void>;
}

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

export async function startFakeRegistry(): Promise<FakeRegistry> {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, string>();
  const uploads = new Map<string, Buffer[]>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://registry');
      const p = url.pathname;
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
      const send = (status: number, headers: Record<string, string> = {}, text = '') => {
        res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(text)), ...headers });
        res.end(text);
      };
      if (p === '/v2/' || p === '/v2') return send(200, { 'Content-Type': 'application/json' }, '{}');
      let m = /^\/v2\/(.+)\/blobs\/(sha256:[a-f0-9]{64})$/.exec(p);
      if (m && (req.method === 'HEAD' || req.method === 'GET')) {
        const blob = blobs.get(m[2]!);
        if (!blob) return send(404, { 'Content-Type': 'application/json' }, req.method === 'HEAD' ? '' : '{"errors":[{"code":"BLOB_UNKNOWN"}]}');
        res.writeHead(200, { 'Content-Length': String(blob.length), 'Docker-Content-Digest': m[2]! });
        return res.end(req.method === 'HEAD' ? undefined : blob);
      }
      m = /^\/v2\/(.+)\/blobs\/uploads\/?$/.exec(p);
      if (m && req.method === 'POST') {
        const id = randomUUID();
        uploads.set(id, body.length ? [body] : []);
        return send(202, { Location: `/v2/${m[1]}/blobs/uploads/${id}`, 'Docker-Upload-UUID': id, Range: '0-0' });
      }
      m = /^\/v2\/(.+)\/blobs\/uploads\/([a-f0-9-]+)$/.exec(p);
      if (m && uploads.has(m[2]!)) {
        const parts = uploads.get(m[2]!)!;
        if (body.length) parts.push(body);
        const size = parts.reduce((n, b) => n + b.length, 0);
        if (req.method === 'PATCH') return send(202, { Location: `/v2/${m[1]}/blobs/uploads/${m[2]}`, 'Docker-Upload-UUID': m[2]!, Range: `0-${Math.max(0, size - 1)}` });
        if (req.method === 'PUT') {
          const blob = Buffer.concat(parts);
          const digest = url.searchParams.get('digest') ?? '';
          if (sha256(blob) !== digest) return send(400, { 'Content-Type': 'application/json' }, '{"errors":[{"code":"DIGEST_INVALID"}]}');
          uploads.delete(m[2]!);
          blobs.set(digest, blob);
          return send(201, { Location: `/v2/${m[1]}/blobs/${digest}`, 'Docker-Content-Digest': digest });
        }
      }
      m = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(p);
      if (m && req.method === 'PUT') {
        manifests.set(`${m[1]}:${m[2]}`, body.toString('utf8'));
        const digest = sha256(body);
        manifests.set(`${m[1]}@${digest}`, body.toString('utf8'));
        return send(201, { Location: `/v2/${m[1]}/manifests/${digest}`, 'Docker-Content-Digest': digest });
      }
      if (m && (req.method === 'HEAD' || req.method === 'GET')) {
        const text = manifests.get(`${m[1]}:${m[2]}`) ?? manifests.get(`${m[1]}@${m[2]}`);
        if (!text) return send(404, { 'Content-Type': 'application/json' }, req.method === 'HEAD' ? '' : '{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
        return send(200, { 'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json', 'Docker-Content-Digest': sha256(Buffer.from(text)) }, req.method === 'HEAD' ? '' : text);
      }
      send(404, { 'Content-Type': 'application/json' }, '{"errors":[{"code":"UNSUPPORTED"}]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    blobs,
    manifests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
