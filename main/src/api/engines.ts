import * as z from 'zod';

/**
 * Docker engines a run can use: the local socket, a remote host over SSH or TCP (TLS), or a Docker
 * context as `docker context use` leaves it. An engine is named by a reference string:
 * `local`, the name of an engine in the config's `engines`, `context:NAME`, or an address.
 */

const ADDRESS = /^(unix|npipe|tcp|ssh):\/\/./;
/** unix:///path, npipe://..., tcp://host:port, ssh://user@host[:port], or a socket path. */
export const engineAddressSchema = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine((s) => ADDRESS.test(s) || s.startsWith('/'), { message: 'an engine address is unix:///path/docker.sock, tcp://host:port or ssh://user@host[:port]' });

/** Reserved references: `local` and `context:…` are not names an engine can take. */
export const engineNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, { message: 'an engine name is letters, digits, ".", "_" or "-" (at most 63), starting with a letter or digit' })
  .refine((s) => s !== 'local', { message: '"local" is the local engine; pick another name' });

/** Certificates of a tcp:// engine with TLS: paths of PEM files on this machine. */
export const engineTlsSchema = z.object({ ca: z.string().min(1), cert: z.string().min(1), key: z.string().min(1) }).strict();

/** How an ssh:// engine authenticates: a private key file and/or the SSH agent ($SSH_AUTH_SOCK). */
export const engineSshSchema = z
  .object({
    identity_file: z.string().min(1).optional(),
    /** Use the SSH agent (default: when SSH_AUTH_SOCK is set). */
    agent: z.boolean().optional(),
    /** Where the host's key is checked (default ~/.ssh/known_hosts, as for ssh): an unknown or changed key is refused. */
    known_hosts: z.string().min(1).optional(),
  })
  .strict();

const kubeName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'Use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit (a Kubernetes name).');

/**
 * A Kubernetes cluster with Argo Workflows: runs there are submitted as Workflows (as `orchest
 * submit argo`), with the project on the volume claim `pvc` and images under `registry`.
 */
export const kubeEngineSchema = z
  .object({
    /** Path of a kubeconfig file on this machine. */
    kubeconfig: z.string().trim().min(1).max(4096),
    /** Its context (default: its current-context). */
    context: z.string().min(1).max(253).optional(),
    /** Default: the context's namespace, else "default". */
    namespace: kubeName.optional(),
    /** Where the cluster pulls the step images from (as for orchest export argo --registry). */
    registry: z
      .string()
      .max(255)
      .regex(/^[A-Za-z0-9][A-Za-z0-9.:_/-]*$/, 'Give a registry like registry.example.org/team or 127.0.0.1:5000, without https://.')
      .optional(),
    /** The persistent volume claim holding projects/<project>/ and data/ (default orchest-userdir). */
    pvc: kubeName.optional(),
  })
  .strict();
export type KubeEngineSpec = z.infer<typeof kubeEngineSchema>;

/** An engine in the config: an address (with TLS or SSH settings), a Docker context by name, or a Kubernetes cluster. */
export const engineSpecSchema = z.union([
  z.object({ host: engineAddressSchema, tls: engineTlsSchema.optional(), ssh: engineSshSchema.optional() }).strict(),
  z.object({ context: z.string().trim().min(1).max(200) }).strict(),
  kubeEngineSchema,
]);
export type EngineSpec = z.infer<typeof engineSpecSchema>;

/** What names an engine: `local`, a configured name, `context:NAME` or an address. */
export const engineRefSchema = z.string().trim().min(1).max(2048);

/** Why a run uses the engine it uses, strongest first. */
export const engineSourceSchema = z.enum(['run', 'DOCKER_HOST', 'project', 'config', 'docker-context', 'default']);
export type EngineSource = z.infer<typeof engineSourceSchema>;

export const engineInfoSchema = z.object({
  /** What to pass as `engine` (runs.start, engines.select, orchest run --engine). */
  ref: z.string(),
  /** For people: "local", the configured name, "context remote-box". */
  name: z.string(),
  kind: z.enum(['local', 'configured', 'context', 'address', 'environment', 'kubernetes']),
  /** Where it connects: unix:///var/run/docker.sock, ssh://me@box, tcp://10.0.0.2:2376. */
  host: z.string(),
  /** Runs on it copy the project into a volume there (it cannot see this machine's files). */
  remote: z.boolean(),
  /** A Docker context: the one `docker context use` chose. */
  current: z.boolean().optional(),
  /** Set when the engine's settings cannot be used (a context whose files are broken...). */
  problem: z.string().optional(),
});
export type EngineInfo = z.infer<typeof engineInfoSchema>;

/** The engine the open project's runs use, and why. */
export const activeEngineSchema = engineInfoSchema.extend({ source: engineSourceSchema });
export type ActiveEngine = z.infer<typeof activeEngineSchema>;

export const engineListSchema = z.object({
  engines: z.array(engineInfoSchema),
  /** null without an open project or when its engine cannot be resolved (see `problem`). */
  active: activeEngineSchema.nullable(),
  /** The open project's own choice (engines.select), if any. */
  projectEngine: z.string().optional(),
  problem: z.string().optional(),
});
export type EngineList = z.infer<typeof engineListSchema>;

export const engineCheckSchema = z.object({
  engine: engineInfoSchema,
  reachable: z.boolean(),
  version: z.string().optional(),
  message: z.string().optional(),
});
export type EngineCheck = z.infer<typeof engineCheckSchema>;

/** Outputs of a step that ran on a remote engine, copied here on demand (runs.fetchOutputs). */
export const fetchedOutputsSchema = z.object({
  /** Local folder now holding them. */
  path: z.string(),
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  engine: z.string(),
});
export type FetchedOutputs = z.infer<typeof fetchedOutputsSchema>;
