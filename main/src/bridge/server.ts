import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import * as z from 'zod';
import type { WireServerMessage } from '../api/wire.js';
import type { Core } from '../core/core.js';
import { TOKEN_COOKIE, generateToken, isAllowedHost, isAllowedOrigin, isAuthorized, requestToken } from './auth.js';
import { serveStatic } from './static-files.js';
import { contentSecurityPolicy } from '../common/csp.js';

export interface BridgeOptions {
  core: Pick<Core, 'call' | 'subscribe'>;
  /** Folder of the built renderer (renderer/dist). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface Bridge {
  readonly port: number;
  readonly token: string;
  /** The URL to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

const requestSchema = z.object({ id: z.number().int(), method: z.string().min(1).max(100), args: z.unknown() });
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Serve the UI and the contract over WebSocket on 127.0.0.1 only, behind a token. */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? generateToken();
  const staticDir = path.resolve(opts.staticDir);
  let port = 0;

  const server = http.createServer((req, res) => {
    void (async () => {
      if (!isAllowedHost(req.headers.host, port)) {
        res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request: use http://127.0.0.1:' + port + '/\n');
        return;
      }
      if (!isAuthorized(req, token)) {
        res
          .writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end('Unauthorized: open the URL that `orchest serve` printed (it holds the access token).\n');
        return;
      }
      const headers: Record<string, string> = {
        // The page's WebSocket to this server is its one connection beyond 'self'.
        'Content-Security-Policy': contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]),
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      };
      // First visit carries the token in the URL; a cookie lets assets and reloads through.
      if (requestToken(req).fromQuery) {
        headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET' }).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz') {
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end('{"ok":true}');
        return;
      }
      const served = await serveStatic(staticDir, url.pathname, res, headers);
      if (!served) {
        const missingUi = url.pathname === '/' || url.pathname === '/index.html';
        res
          .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end(missingUi ? `The UI is not built (${staticDir} is missing): run \`npm run build\`.\n` : 'Not found\n');
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!isAllowedHost(req.headers.host, port)) return refuse(421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, port)) return refuse(403, 'Forbidden');
    if (!isAuthorized(req, token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, msg: WireServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data) => {
      let parsed: z.infer<typeof requestSchema>;
      let json: unknown;
      try {
        json = JSON.parse(data.toString());
        parsed = requestSchema.parse(json);
      } catch (err) {
        // Answer the request's id when it has one (its caller is waiting), else -1; keep the connection.
        const id = (json as { id?: unknown } | null)?.id;
        send(ws, { id: Number.isInteger(id) ? (id as number) : -1, error: { code: 'INVALID_ARGUMENT', message: `Malformed request: ${(err as Error).message}` } });
        return;
      }
      void opts.core.call(parsed.method, parsed.args).then((envelope) => {
        send(ws, envelope.error ? { id: parsed.id, error: envelope.error } : { id: parsed.id, result: envelope.result });
      });
    });
  });

  const unsubscribe = opts.core.subscribe((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
