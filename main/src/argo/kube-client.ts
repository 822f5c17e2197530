/** The few Kubernetes API calls a submit needs, over node:https with the kubeconfig's credentials. */
import http from 'node:http';
import https from 'node:https';
import { CoreError } from '../core/core-error.js';
import type { KubeTarget } from './kubeconfig.js';

/** The API server said no: its Status message and code. */
export class KubeApiError extends CoreError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('INTERNAL', message);
    this.name = 'KubeApiError';
  }
}

export interface KubeClient {
  readonly server: string;
  /** JSON in and out (PATCH: a JSON merge patch); throws KubeApiError (status ≥ 400) or CoreError (cluster unreachable). */
  json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** A streamed text answer (a followed log): `onText` per chunk; resolves when the server ends it. */
  stream(path: string, onText: (text: string) => void, signal?: AbortSignal): Promise<void>;
}

export function createKubeClient(target: KubeTarget, timeoutMs = 15_000): KubeClient {
  const url = new URL(target.server);
  const secure = url.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, ca: target.ca, cert: target.cert, key: target.key, rejectUnauthorized: !target.insecure, servername: target.servername })
    : new http.Agent({ keepAlive: true });
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  else if (target.basic) headers.Authorization = `Basic ${Buffer.from(`${target.basic.username}:${target.basic.password}`).toString('base64')}`;
  const prefix = url.pathname.replace(/\/+$/, '');

  function open(method: string, path: string, body: string | undefined, signal?: AbortSignal): Promise<http.IncomingMessage> {
    return new Promise((resolve, reject) => {
      const req = (secure ? https : http).request(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port || (secure ? 443 : 80),
          path: `${prefix}${path}`,
          method,
          agent,
          headers: { ...headers, ...(body !== undefined ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
          signal,
        },
        resolve,
      );
      // No answer at all (a black-holed address): give up rather than hang; a followed log may stay quiet for long.
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
      req.on('response', () => req.setTimeout(0));
      req.on('error', (err) => reject(signal?.aborted ? err : new CoreError('INTERNAL', `The Kubernetes API at ${target.server} is not reachable (${err.message}). Check the kubeconfig's server and that the cluster is up.`)));
      req.end(body);
    });
  }

  async function readAll(res: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function failure(res: http.IncomingMessage, method: string, path: string): Promise<KubeApiError> {
    const text = await readAll(res);
    let reason = text.trim().slice(0, 500);
    try {
      reason = (JSON.parse(text) as { message?: string }).message ?? reason;
    } catch {
      // Not a Status object: keep the text.
    }
    const status = res.statusCode ?? 0;
    const hint =
      status === 401 ? ' The kubeconfig\'s credentials were refused: renew the token or certificate.' :
      status === 403 ? ' The kubeconfig\'s user may not do this: it needs the rights to create workflows and read pods and their logs in the namespace.' :
      status === 404 && path.includes('argoproj.io') ? ' Is Argo Workflows installed in the cluster (its CRDs), and does the namespace exist?' : '';
    return new KubeApiError(status, `Kubernetes answered ${status} to ${method} ${path}: ${reason || res.statusMessage || 'no reason given'}.${hint}`);
  }

  return {
    server: target.server,
    async json<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
      const res = await open(method, path, body === undefined ? undefined : JSON.stringify(body));
      if ((res.statusCode ?? 0) >= 400) throw await failure(res, method, path);
      const text = await readAll(res);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new CoreError('INTERNAL', `Kubernetes answered ${method} ${path} with something that is not JSON: ${text.slice(0, 200)}`);
      }
    },
    async stream(path, onText, signal) {
      const res = await open('GET', path, undefined, signal);
      if ((res.statusCode ?? 0) >= 400) throw await failure(res, 'GET', path);
      res.setEncoding('utf8');
      try {
        for await (const chunk of res) onText(chunk as string);
      } catch (err) {
        if (!signal?.aborted) throw err;
      }
    },
  };
}
