/**
 * A kubeconfig file (as kubectl reads it) → where the API server is and how to authenticate:
 * a bearer token (or token file), a client certificate and key, or a user name and password;
 * the cluster's CA, inline (`*-data`) or as files relative to the kubeconfig.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { CoreError } from '../core/core-error.js';


const clusterSchema = z
  .object({
    server: z.string().min(1),
    'certificate-authority': z.string().optional(),
    'certificate-authority-data': z.string().optional(),
    'insecure-skip-tls-verify': z.boolean().optional(),
    'tls-server-name': z.string().optional(),
  })
  .loose();

const userSchema = z
  .object({
    token: z.string().optional(),
    tokenFile: z.string().optional(),
    'client-certificate': z.string().optional(),
    'client-certificate-data': z.string().optional(),
    'client-key': z.string().optional(),
    'client-key-data': z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    exec: z.object({ command: z.string().optional() }).loose().optional(),
    'auth-provider': z.object({ name: z.string().optional() }).loose().optional(),
  })
  .loose();

const contextSchema = z.object({ cluster: z.string(), user: z.string().optional(), namespace: z.string().optional() }).loose();

const kubeconfigSchema = z
  .object({
    'current-context': z.string().optional(),
    clusters: z.array(z.object({ name: z.string(), cluster: clusterSchema })).default([]),
    users: z.array(z.object({ name: z.string(), user: userSchema.default({}) })).default([]),
    contexts: z.array(z.object({ name: z.string(), context: contextSchema })).default([]),
  })
  .loose();

/** How to reach one cluster's API server. */
export interface KubeTarget {
  server: string;
  context: string;
  /** The context's namespace, if it names one. */
  namespace?: string | undefined;
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
  token?: string | undefined;
  basic?: { username: string; password: string } | undefined;
  insecure: boolean;
  servername?: string | undefined;
}

/**
 * The YAML library, loaded when a kubeconfig is read. It is CommonJS: a bundled dynamic import
 * gives its exports as `default` only, Node's own import gives both.
 */
async function loadYaml(): Promise<typeof import('yaml')> {
  const mod = (await import('yaml')) as typeof import('yaml') & { default?: typeof import('yaml') };
  return mod.default ?? mod;
}

const bad = (file: string, why: string) => new CoreError('INVALID_FILE', `The kubeconfig ${file} ${why}`);

export async function loadKubeconfig(file: string, contextName?: string): Promise<KubeTarget> {
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new CoreError('NOT_FOUND', `Cannot read the kubeconfig ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}. Give the file kubectl uses (e.g. ~/.kube/config).`);
  });
  let raw: unknown;
  try {
    raw = (await loadYaml()).parse(text);
  } catch (err) {
    throw bad(file, `is not YAML (${(err as Error).message}).`);
  }
  const parsed = kubeconfigSchema.safeParse(raw);
  if (!parsed.success) throw bad(file, `is not a kubeconfig: ${z.prettifyError(parsed.error)}`);
  const cfg = parsed.data;
  const name = contextName ?? cfg['current-context'];
  if (!name) throw bad(file, `names no current-context: give --context (one of: ${cfg.contexts.map((c) => c.name).join(', ') || 'none'}).`);
  const context = cfg.contexts.find((c) => c.name === name)?.context;
  if (!context) throw bad(file, `has no context "${name}" (it has: ${cfg.contexts.map((c) => c.name).join(', ') || 'none'}).`);
  const cluster = cfg.clusters.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster) throw bad(file, `has no cluster "${context.cluster}", which context "${name}" names.`);
  const user = context.user ? cfg.users.find((u) => u.name === context.user)?.user : {};
  if (!user) throw bad(file, `has no user "${context.user}", which context "${name}" names.`);
  if (!/^https?:\/\//.test(cluster.server)) throw bad(file, `gives the server "${cluster.server}", which is not an http(s):// address.`);

  const base = path.dirname(path.resolve(file));
  const read = async (inline: string | undefined, ref: string | undefined, what: string): Promise<Buffer | undefined> => {
    if (inline) return Buffer.from(inline, 'base64');
    if (!ref) return undefined;
    const abs = path.resolve(base, ref);
    return fs.readFile(abs).catch((err: Error) => {
      throw bad(file, `names the ${what} ${abs}, which cannot be read (${err.message}).`);
    });
  };
  const tokenFile = await read(undefined, user.tokenFile, 'token file');
  const token = user.token ?? tokenFile?.toString('utf8').trim();
  const cert = await read(user['client-certificate-data'], user['client-certificate'], 'client certificate');
  const key = await read(user['client-key-data'], user['client-key'], 'client key');
  const basic = user.username !== undefined && user.password !== undefined ? { username: user.username, password: user.password } : undefined;
  if (!token && !cert && !basic && (user.exec || user['auth-provider'])) {
    const how = user.exec ? `the credential plugin "${user.exec.command ?? 'exec'}"` : `the auth provider "${user['auth-provider']?.name ?? ''}"`;
    throw bad(
      file,
      `authenticates user "${context.user}" through ${how}, which orchest does not run. Use a kubeconfig whose user has a token ` +
        '(e.g. "kubectl create token SERVICE_ACCOUNT" into "token:") or a client certificate and key.',
    );
  }
  if (Boolean(cert) !== Boolean(key)) throw bad(file, `gives user "${context.user}" a client ${cert ? 'certificate without its key' : 'key without its certificate'}.`);
  return {
    server: cluster.server.replace(/\/+$/, ''),
    context: name,
    namespace: context.namespace,
    ca: await read(cluster['certificate-authority-data'], cluster['certificate-authority'], 'certificate authority'),
    cert,
    key,
    token,
    basic,
    insecure: cluster['insecure-skip-tls-verify'] === true,
    servername: cluster['tls-server-name'],
  };
}
