import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Client, ConnectConfig } from 'ssh2';
import { CoreError } from '../core/core-error.js';

/**
 * ssh2 as docker-modem has it, loaded on first use from node_modules: it has native addons, so
 * the bundles leave it out (scripts/bundle-packages.mjs), and most runs need no SSH.
 */
function ssh2(): typeof import('ssh2') {
  const load = createRequire(import.meta.url);
  const from = (pkg: string, dir?: string) => load.resolve(pkg, dir ? { paths: [dir] } : undefined);
  const modem = from('docker-modem', path.dirname(from('dockerode')));
  return load(from('ssh2', path.dirname(modem))) as typeof import('ssh2');
}

/**
 * An HTTP agent whose connections are `docker system dial-stdio` on the engine's host over SSH,
 * as the Docker CLI does for ssh:// hosts. One SSH connection is kept and shared by every request
 * (a new one is made after it drops); docker-modem's own ssh agent opens one per request and
 * throws from a callback when a channel cannot be opened.
 */
export interface SshLogin {
  config: ConnectConfig;
  /** Why the connection was refused before logging in (the host key check), if it was. */
  refusal(): string | undefined;
}

/** `login` is made anew for each connection: a known_hosts file edited meanwhile counts. */
export function sshAgent(login: () => SshLogin): http.Agent {
  let current: Promise<Client> | null = null;
  const connect = (): Promise<Client> => {
    if (current) return current;
    const conn: Client = new (ssh2().Client)();
    let made: SshLogin;
    try {
      made = login();
    } catch (err) {
      return Promise.reject(err as Error);
    }
    const { config, refusal } = made;
    const ready = new Promise<Client>((resolve, reject) => {
      conn.once('ready', () => resolve(conn));
      conn.once('error', (err) => {
        const why = refusal();
        reject(why ? new CoreError('DOCKER_UNAVAILABLE', why) : err);
      });
    });
    const reset = () => {
      if (current === ready) current = null;
    };
    conn.on('error', reset).on('close', reset).on('end', reset);
    ready.catch(reset);
    current = ready;
    conn.connect(config);
    return ready;
  };
  const agent = new http.Agent();
  type Callback = (err: Error | null, socket?: Duplex) => void;
  (agent as unknown as { createConnection: (opts: unknown, cb: Callback) => undefined }).createConnection = (_opts, callback) => {
    connect().then(
      (conn) => {
        try {
          conn.exec('docker system dial-stdio', (err, channel) => {
            if (err) callback(err);
            else callback(null, channel);
          });
        } catch (err) {
          callback(err as Error); // the connection closed meanwhile
        }
      },
      (err: Error) => callback(err),
    );
    return undefined;
  };
  return agent;
}
