// Types of build-cli.mjs for the TypeScript that imports it (bench/run-all.ts).
import type { BuildOptions } from 'esbuild';

export const cliBuildOptions: BuildOptions;
export function buildCli(): Promise<void>;
export function setup(): Promise<void>;
