import type { DockerStreamMessage } from '../docker/images.js';

/**
 * Turns the engine's JSON stream into what the user sees: log text and a 0..1 progress
 * (build: "Step k/n"; pull: downloaded bytes over all layers). Pure, one instance per phase.
 */
export interface ProgressUpdate {
  text?: string;
  progress?: number;
}

/** Per-byte statuses that would flood the log; they only move the progress bar. */
const NOISY_PULL_STATUSES = new Set(['Downloading', 'Extracting', 'Waiting', 'Verifying Checksum', 'Pulling fs layer']);

export function errorText(msg: DockerStreamMessage): string | undefined {
  const error = msg.errorDetail?.message ?? msg.error;
  return error === undefined ? undefined : `ERROR: ${error}\n`;
}

export class BuildStepTracker {
  private progress = 0;

  update(msg: DockerStreamMessage): ProgressUpdate {
    const error = errorText(msg);
    if (error) return { text: error };
    if (msg.stream !== undefined) {
      const step = /^Step (\d+)\/(\d+) :/m.exec(msg.stream);
      if (step) {
        const k = Number(step[1]);
        const n = Number(step[2]);
        // Step k has started: k-1 of n are done.
        if (n > 0) this.progress = Math.min(1, Math.max(this.progress, (k - 1) / n));
        return { text: msg.stream, progress: this.progress };
      }
      return { text: msg.stream };
    }
    if (msg.status !== undefined && !NOISY_PULL_STATUSES.has(msg.status)) {
      return { text: `${msg.id ? `${msg.id}: ` : ''}${msg.status}\n` };
    }
    return {};
  }
}

interface Layer {
  current: number;
  total: number;
}

export class PullTracker {
  private readonly layers = new Map<string, Layer>();

  /** Bytes downloaded and to download, over the layers whose size is known. */
  bytes(): { current: number; total: number } {
    let current = 0;
    let total = 0;
    for (const layer of this.layers.values()) {
      current += Math.min(layer.current, layer.total);
      total += layer.total;
    }
    return { current, total };
  }

  private fraction(): number | undefined {
    const { current, total } = this.bytes();
    return total > 0 ? current / total : undefined;
  }

  update(msg: DockerStreamMessage): ProgressUpdate {
    const error = errorText(msg);
    if (error) return { text: error };
    if (msg.status === undefined) return {};
    const id = msg.id;
    if (id !== undefined) {
      const layer = this.layers.get(id);
      if (msg.status === 'Downloading' && msg.progressDetail?.total) {
        this.layers.set(id, { current: msg.progressDetail.current ?? 0, total: msg.progressDetail.total });
      } else if (layer && (msg.status === 'Download complete' || msg.status === 'Pull complete' || msg.status === 'Extracting')) {
        layer.current = layer.total;
      }
    }
    const update: ProgressUpdate = {};
    const progress = this.fraction();
    if (progress !== undefined) update.progress = progress;
    if (!NOISY_PULL_STATUSES.has(msg.status)) update.text = `${id ? `${id}: ` : ''}${msg.status}\n`;
    return update;
  }
}
