import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { portAnswers } from './port-probe.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: net.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('portAnswers', () => {
  it('is true for any HTTP answer, 404 included', async () => {
    const url = await listen(http.createServer((_req, res) => res.writeHead(404).end('no')));
    expect(await portAnswers(url)).toBe(true);
  });

  it('is true for a server that answers in its own protocol', async () => {
    const url = await listen(net.createServer((socket) => socket.once('data', () => socket.end("-ERR unknown command 'GET'\r\n"))));
    expect(await portAnswers(url)).toBe(true);
  });

  it("is false while only Docker's proxy is there (accepts, then closes) and for a closed port", async () => {
    const url = await listen(net.createServer((socket) => socket.destroy()));
    expect(await portAnswers(url)).toBe(false);
    const closed = await listen(net.createServer());
    await new Promise((r) => servers.pop()!.close(r));
    expect(await portAnswers(closed)).toBe(false);
  });
});
