import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import * as z from 'zod';

/**
 * Images: inspect, pull, build, remove, and run a throwaway probe command in one.
 * The only module that touches dockerode's image API; callers get plain data and callbacks.
 */

export interface ImageSummary {
  id: string;
  sizeBytes: number;
  /** ms since epoch (the image's Created field). */
  createdAt: number;
  labels: Record<string, string>;
}

/** One JSON line of the engine's /build or /images/create stream (unknown fields ignored). */
export const dockerStreamMessageSchema = z
  .object({
    stream: z.string().optional(),
    status: z.string().optional(),
    id: z.string().optional(),
    progressDetail: z.object({ current: z.number().optional(), total: z.number().optional() }).loose().optional(),
    error: z.string().optional(),
    errorDetail: z.object({ message: z.string().optional() }).loose().optional(),
    aux: z.object({ ID: z.string().optional() }).loose().optional(),
  })
  .loose();
export type DockerStreamMessage = z.infer<typeof dockerStreamMessageSchema>;

export type StreamListener = (msg: DockerStreamMessage) => void;

/** The engine said no (build step failed, pull refused): `message` is the engine's own words. */
export class DockerStreamError extends Error {
  override readonly name = 'DockerStreamError';
}

/** Thrown when the caller's AbortSignal stopped the request. */
export class DockerAbortedError extends Error {
  override readonly name = 'DockerAbortedError';
  constructor() {
    super('aborted');
  }
}

function statusCodeOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const code = (err as { statusCode: unknown }).statusCode;
    return typeof code === 'number' ? code : undefined;
  }
  return undefined;
}

/** dockerode prefixes "(HTTP code 500) server error - "; users only need the engine's reason. */
export function engineReason(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(/^\(HTTP code \d+\)\s*[^-]*-\s*/, '').trim();
}

/** Inspect an image by name or id; null when the engine does not have it. */
export async function inspectImage(docker: Docker, ref: string): Promise<ImageSummary | null> {
  try {
    const info = await docker.getImage(ref).inspect();
    const created = Date.parse(info.Created);
    return {
      id: info.Id,
      sizeBytes: info.Size,
      createdAt: Number.isFinite(created) ? created : 0,
      labels: info.Config?.Labels ?? {},
    };
  } catch (err) {
    if (statusCodeOf(err) === 404) return null;
    throw err;
  }
}

/** Parse a newline-delimited JSON stream, calling `onMessage` per line; resolves at the end. */
async function followStream(stream: NodeJS.ReadableStream, signal: AbortSignal | undefined, onMessage: StreamListener): Promise<void> {
  const readable = stream as Readable;
  const onAbort = () => readable.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  let buf = '';
  const handleLine = (line: string) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      onMessage({ stream: `${trimmed}\n` }); // not JSON: keep it as log text rather than lose it
      return;
    }
    const msg = dockerStreamMessageSchema.safeParse(parsed);
    if (msg.success) onMessage(msg.data);
  };
  try {
    if (signal?.aborted) throw new DockerAbortedError();
    for await (const chunk of readable) {
      buf += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        handleLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    }
    handleLine(buf);
  } catch (err) {
    if (signal?.aborted) throw new DockerAbortedError();
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw new DockerAbortedError();
}

/** Collects the first {error} line of a stream so the caller can throw after the stream ends. */
function withErrorCapture(onMessage: StreamListener): { listener: StreamListener; error: () => string | undefined } {
  let error: string | undefined;
  return {
    listener: (msg) => {
      if (msg.error !== undefined || msg.errorDetail?.message !== undefined) error ??= msg.errorDetail?.message ?? msg.error;
      onMessage(msg);
    },
    error: () => error,
  };
}

export interface StreamOptions {
  signal?: AbortSignal;
  onMessage?: StreamListener;
}

/**
 * Open an engine request answering a JSON progress stream (pull, push) and follow it to its end;
 * throws DockerStreamError with the engine's reason, from the request or from the stream.
 */
export async function followRequest(open: () => Promise<NodeJS.ReadableStream>, opts: StreamOptions): Promise<void> {
  const capture = withErrorCapture(opts.onMessage ?? (() => {}));
  let stream: NodeJS.ReadableStream;
  try {
    stream = await open();
  } catch (err) {
    if (opts.signal?.aborted) throw new DockerAbortedError();
    throw new DockerStreamError(engineReason(err));
  }
  await followStream(stream, opts.signal, capture.listener);
  const error = capture.error();
  if (error !== undefined) throw new DockerStreamError(error);
}

/** Pull `ref` (":latest" when untagged), streaming progress lines; throws DockerStreamError with the engine's reason. */
export async function pullImage(docker: Docker, ref: string, opts: StreamOptions = {}): Promise<void> {
  await followRequest(() => docker.pull(ref, { abortSignal: opts.signal }), opts);
}

export interface BuildOptions extends StreamOptions {
  tag: string;
  /** --build-arg values (for ARG lines; not kept in the image's environment). */
  buildArgs?: Record<string, string | undefined>;
}

/**
 * Build from a tar context (a buffer or a stream) with the classic builder (its JSON stream
 * carries "Step k/n"). The engine tags only on success, so an aborted or failed build leaves no
 * tag. Resolves to the new image id.
 */
export async function buildImage(docker: Docker, context: Buffer | NodeJS.ReadableStream, opts: BuildOptions): Promise<string | undefined> {
  let imageId: string | undefined;
  const capture = withErrorCapture((msg) => {
    if (msg.aux?.ID) imageId = msg.aux.ID;
    opts.onMessage?.(msg);
  });
  let stream: NodeJS.ReadableStream;
  try {
    const buildargs = Object.fromEntries(Object.entries(opts.buildArgs ?? {}).filter((e): e is [string, string] => e[1] !== undefined));
    stream = await docker.buildImage(Buffer.isBuffer(context) ? Readable.from([context]) : context, {
      t: opts.tag,
      ...(Object.keys(buildargs).length ? { buildargs } : {}),
      rm: true,
      forcerm: true, // no intermediate containers left behind by a failed step
      abortSignal: opts.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw new DockerAbortedError();
    throw new DockerStreamError(engineReason(err));
  }
  await followStream(stream, opts.signal, capture.listener);
  const error = capture.error();
  if (error !== undefined) throw new DockerStreamError(error);
  return imageId;
}

/** Remove an image (not forced: an image a container still uses stays). True when removed. */
export async function removeImage(docker: Docker, ref: string): Promise<boolean> {
  try {
    await docker.getImage(ref).remove({ force: false });
    return true;
  } catch {
    return false;
  }
}

/** Images carrying every given label, with their tags. */
export async function listImagesByLabels(docker: Docker, labels: Record<string, string>): Promise<{ id: string; tags: string[] }[]> {
  const filters = { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) };
  const images = await docker.listImages({ filters: JSON.stringify(filters) } as unknown as Docker.ListImagesOptions);
  return images.map((img) => ({ id: img.Id, tags: (img.RepoTags ?? []).filter((t) => t !== '<none>:<none>') }));
}

/**
 * Run `script` with /bin/sh in a throwaway container of `image` (no network) and return its
 * exit code and combined output. Used to check what an image can do, e.g. run notebooks.
 */
export async function probeImage(
  docker: Docker,
  image: string,
  script: string,
  labels: Record<string, string> = {},
): Promise<{ exitCode: number; output: string }> {
  const container = await docker.createContainer({
    Image: image,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: [script],
    Tty: true, // one plain output stream, no multiplexing headers
    Labels: labels,
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const result = (await container.wait()) as { StatusCode?: number };
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return { exitCode: result.StatusCode ?? -1, output: Buffer.isBuffer(logs) ? logs.toString('utf8') : String(logs) };
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}
