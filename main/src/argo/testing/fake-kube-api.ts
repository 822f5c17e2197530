/**
 * A Kubernetes API server on 127.0.0.1 answering as Kubernetes and Argo do, from fixtures
 * (fixtures/: hand-written in the shape of real answers, not captured from a live cluster):
 * create a Workflow, read it (the next recorded state on each read), list its pods, follow a
 * pod's log, stop it (a merge patch of spec.shutdown, as `argo stop`/`argo terminate` send: the
 * controller then ends it Failed, "Stopped with strategy 'Terminate'"), and the server's /version.
 * HTTP, or HTTPS with a client certificate required.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const fixture = <T>(name: string): T => JSON.parse(readFileSync(path.join(here, 'fixtures', name), 'utf8')) as T;

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string | undefined;
  /** The client certificate's subject CN (HTTPS). */
  clientCN?: string | undefined;
  body?: unknown;
}

export interface FakeKubeApi {
  server: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

interface Scenario {
  workflow: string;
  namespace: string;
  states: Array<Record<string, unknown>>;
}

export interface FakeKubeOptions {
  /** Secrets in the namespace: name → key → value (the volume claim orchest-userdir always exists). */
  secrets?: Record<string, Record<string, string>>;
  /** Reading secrets is forbidden (403), as for a user without that right. */
  secretsForbidden?: boolean;
  /** Bearer token the server accepts (absent: any, e.g. with a client certificate). */
  token?: string;
  tls?: { key: Buffer; cert: Buffer; ca: Buffer };
  scenario?: Scenario;
  /** Stay at this recorded state (a running workflow) until the workflow is stopped. */
  holdAt?: number;
}

/**
 * What Argo's controller makes of a workflow stopped with spec.shutdown=Terminate: its running
 * pods killed (Failed, "workflow shutdown with strategy:  Terminate"), nothing more started, the
 * workflow Failed with "Stopped with strategy 'Terminate'".
 */
function terminated(state: Record<string, unknown>): Record<string, unknown> {
  const status = (state.status ?? {}) as { nodes?: Record<string, Record<string, unknown>> };
  const stopped = 'workflow shutdown with strategy:  Terminate';
  const nodes = Object.fromEntries(
    Object.entries(status.nodes ?? {}).map(([id, n]) => [id, n.phase === 'Running' || n.phase === 'Pending' ? { ...n, phase: 'Failed', message: n.type === 'Pod' ? stopped : `child '${id}' failed`, finishedAt: '2026-12-01T10:00:20Z' } : n]),
  );
  return { ...state, status: { ...status, phase: 'Failed', message: "Stopped with strategy 'Terminate'", finishedAt: '2026-12-01T10:00:20Z', nodes } };
}

const status = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

export async function startFakeKubeApi(opts: FakeKubeOptions = {}): Promise<FakeKubeApi> {
  const scenario = opts.scenario ?? fixture<Scenario>('hello-pipeline-succeeded.json');
  const pods = fixture<{ items: unknown[] }>('hello-pipeline-pods.json');
  const logs = fixture<Record<string, string>>('hello-pipeline-logs.json');
  const requests: RecordedRequest[] = [];
  let posted: Record<string, unknown> | undefined;
  let reads = 0;
  let shutdown: string | undefined;
  const wfBase = `/apis/argoproj.io/v1alpha1/namespaces/${scenario.namespace}/workflows`;

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://kube');
      const text = Buffer.concat(chunks).toString('utf8');
      const peer = (req.socket as import('node:tls').TLSSocket).getPeerCertificate?.();
      const record: RecordedRequest = { method: req.method ?? '', path: `${url.pathname}${url.search}`, authorization: req.headers.authorization, clientCN: [peer?.subject?.CN].flat()[0] };
      if (text) record.body = JSON.parse(text);
      requests.push(record);
      const json = (code: number, body: string) => {
        res.writeHead(code, { 'Content-Type': 'application/json' });
        res.end(body);
      };
      if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`) return json(401, status(401, 'Unauthorized', 'Unauthorized'));
      if (req.method === 'POST' && url.pathname === wfBase) {
        posted = record.body as Record<string, unknown>;
        const first = scenario.states[0]!;
        return json(201, JSON.stringify({ ...posted, metadata: first.metadata }));
      }
      if (req.method === 'PATCH' && url.pathname === `${wfBase}/${scenario.workflow}`) {
        if (!posted) return json(404, status(404, 'NotFound', `workflows.argoproj.io "${scenario.workflow}" not found`));
        if (req.headers['content-type'] !== 'application/merge-patch+json') return json(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`));
        shutdown = (record.body as { spec?: { shutdown?: string } }).spec?.shutdown;
        posted = { ...posted, spec: { ...(posted.spec as object), ...(shutdown ? { shutdown } : {}) } };
        return json(200, JSON.stringify({ ...scenario.states[Math.min(reads, scenario.states.length - 1)], spec: posted.spec }));
      }
      if (req.method === 'GET' && url.pathname === '/version') {
        return json(200, JSON.stringify({ major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' }));
      }
      if (req.method === 'POST') return json(404, status(404, 'NotFound', `the server could not find the requested resource`));
      if (req.method === 'GET' && url.pathname === `${wfBase}/${scenario.workflow}`) {
        if (!posted) return json(404, status(404, 'NotFound', `workflows.argoproj.io "${scenario.workflow}" not found`));
        // Held at a running state until stopped; a stopped workflow stays as it was stopped.
        const last = opts.holdAt ?? scenario.states.length - 1;
        const state = scenario.states[Math.min(shutdown ? reads : reads++, last)]!;
        return json(200, JSON.stringify({ ...(shutdown ? terminated(state) : state), spec: posted.spec }));
      }
      if (req.method === 'GET' && url.pathname === `/api/v1/namespaces/${scenario.namespace}/pods`) {
        return json(200, JSON.stringify(url.searchParams.get('labelSelector') === `workflows.argoproj.io/workflow=${scenario.workflow}` ? pods : { ...pods, items: [] }));
      }
      const object = /^\/api\/v1\/namespaces\/([^/]+)\/(persistentvolumeclaims|secrets)\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && object) {
        const [, ns, kind, name] = object as unknown as [string, string, string, string];
        if (kind === 'persistentvolumeclaims') {
          if (name !== 'orchest-userdir' || ns !== scenario.namespace) return json(404, status(404, 'NotFound', `persistentvolumeclaims "${name}" not found`));
          return json(200, JSON.stringify(fixture('orchest-userdir-pvc.json')));
        }
        if (opts.secretsForbidden) return json(403, status(403, 'Forbidden', `secrets "${name}" is forbidden: User "orchest" cannot get resource "secrets" in API group "" in the namespace "${ns}"`));
        const secret = opts.secrets?.[name];
        if (!secret) return json(404, status(404, 'NotFound', `secrets "${name}" not found`));
        const data = Object.fromEntries(Object.entries(secret).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
        return json(200, JSON.stringify({ kind: 'Secret', apiVersion: 'v1', metadata: { name, namespace: ns, uid: '9d0c5a8e-1f2b-4c3d-8e9f-0a1b2c3d4e5f', resourceVersion: '1201' }, type: 'Opaque', data }));
      }
      const log = /^\/api\/v1\/namespaces\/[^/]+\/pods\/([^/]+)\/log$/.exec(url.pathname);
      if (req.method === 'GET' && log) {
        const body = logs[decodeURIComponent(log[1]!)];
        if (body === undefined) return json(404, status(404, 'NotFound', `pods "${log[1]}" not found`));
        if (url.searchParams.get('container') !== 'main') return json(400, status(400, 'BadRequest', 'a container name must be specified'));
        // A followed log arrives in pieces: the first half now, the rest a moment later.
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
        const cut = Math.floor(body.length / 2);
        res.write(body.slice(0, cut));
        setTimeout(() => res.end(body.slice(cut)), 20);
        return;
      }
      json(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    });
  };

  const server = opts.tls ? https.createServer({ ...opts.tls, requestCert: true, rejectUnauthorized: true }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
