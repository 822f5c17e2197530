/**
 * Per-step CPU and memory limits as the pipeline file holds them (`step.resources`), parsed and
 * shown the same way by the core (Docker's NanoCpus / Memory) and the UI.
 */
const UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };
/** Docker refuses a memory limit below 6 MiB. */
export const MIN_MEMORY_BYTES = 6 * 2 ** 20;
export const MIN_CPUS = 0.01;

/**
 * Bytes of a memory size like "512m", "2g", "1.5 GiB", "2GB" or 1073741824. As in Docker, every
 * unit is binary: "2g" and "2GB" both mean 2 GiB. Null when it is not a size.
 */
export function parseMemory(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|b)?\s*$/i.exec(value);
  if (!m) return null;
  const bytes = Math.floor(Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]!);
  return bytes > 0 ? bytes : null;
}

/** "2 GiB", "512 MiB", "1.5 GiB": how a limit is shown to the user. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const shown = i === 0 ? String(n) : n.toFixed(2).replace(/\.?0+$/, '');
  return `${shown} ${units[i]}`;
}

/** Why a memory value cannot be a limit, or null. */
export function memoryProblem(value: string | number): string | null {
  const bytes = parseMemory(value);
  if (bytes === null) return `"${value}" is not a memory size: write it like 512m, 2g or 1.5GiB.`;
  if (bytes < MIN_MEMORY_BYTES) return `A memory limit of ${formatBytes(bytes)} is too small: Docker needs at least 6 MiB.`;
  return null;
}

/** Why a CPU value cannot be a limit, or null. */
export function cpusProblem(value: number): string | null {
  if (!Number.isFinite(value) || value < MIN_CPUS) return `"${value}" is not a CPU limit: give a number of CPUs of at least ${MIN_CPUS}, e.g. 0.5 or 2.`;
  return null;
}

/** Docker's NanoCpus for a number of CPUs. */
export const nanoCpus = (cpus: number): number => Math.round(cpus * 1e9);

/** What a container gets from a step's `resources` (values already checked by validation). */
export interface StepLimits {
  nanoCpus?: number;
  memoryBytes?: number;
}

export function stepLimits(resources: { cpus?: number | undefined; memory?: string | number | undefined } | undefined): StepLimits {
  const limits: StepLimits = {};
  if (resources?.cpus !== undefined && !cpusProblem(resources.cpus)) limits.nanoCpus = nanoCpus(resources.cpus);
  if (resources?.memory !== undefined && resources.memory !== '' && !memoryProblem(resources.memory)) limits.memoryBytes = parseMemory(resources.memory)!;
  return limits;
}

export const hasLimits = (l: StepLimits): boolean => l.nanoCpus !== undefined || l.memoryBytes !== undefined;
