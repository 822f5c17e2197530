import * as z from 'zod';
import { editorTemplateProblem } from '../common/editor-template.js';
import { engineNameSchema, engineRefSchema, engineSpecSchema } from './engines.js';

const packageIndexEntry = z
  .string()
  .trim()
  .min(1)
  .refine((s) => /^(https?|file):\/\//.test(s) || s.startsWith('/'), {
    message: 'each package_index entry is an http(s):// or file:// URL or an absolute folder path',
  });

/** ~/.config/orchest/config.json ($XDG_CONFIG_HOME honoured). Unknown keys are kept. */
export const configSchema = z
  .object({
    recent_projects: z.array(z.string()).default([]),
    /**
     * The editor that opens files: a command template, e.g. "code -g {file}:{line}" or "vim +{line}"
     * ({file}: the absolute path, appended when absent; {line}: the line). Run without a shell.
     * '' = the system's default application for the file.
     */
    editor: z
      .string()
      .default('')
      .superRefine((s, ctx) => {
        const problem = editorTemplateProblem(s);
        if (problem) ctx.addIssue({ code: 'custom', message: `"editor" cannot be used: ${problem}` });
      }),
    /** The older name of `editor`, read when `editor` is empty. */
    external_editor: z.string().default(''),
    /** Used when a pipeline's max_steps_parallelism is 0. */
    default_parallelism: z.number().int().min(1).max(256).default(4),
    /** As DOCKER_HOST (unix://, tcp://, ssh://; TLS from DOCKER_TLS_VERIFY/DOCKER_CERT_PATH) or a socket path; '' = DOCKER_HOST or the default socket. */
    docker_host: z.string().default(''),
    /** image name -> local image to use instead (air-gapped users, Orchest base images). */
    image_aliases: z.record(z.string(), z.string()).default({}),
    default_runner: z.enum(['docker', 'local']).default('docker'),
    /** Image for steps that name neither environment nor image. */
    default_image: z.string().default('orchest-py:latest'),
    /**
     * Python package indexes for environment builds (and `image build-offline --pip`), in order:
     * each a URL of a PEP 503 simple index, or a local folder (absolute path or file:// URL)
     * holding a simple index or plain wheels. They replace PyPI for pip in builds.
     */
    package_index: z.array(packageIndexEntry).default([]),
    /** Named Docker engines (remote hosts over SSH or TCP/TLS, Docker contexts); see api/engines.ts. */
    engines: z.record(engineNameSchema, engineSpecSchema).default({}),
    /** The engine of projects that chose none: `local`, a name from `engines`, `context:NAME` or an address; '' = docker_host, else the current Docker context, else local. */
    default_engine: z.union([engineRefSchema, z.literal('')]).default(''),
    /** Project uuid -> engine reference: each project's choice (engines.select). Kept here, not in the project: it names this machine's hosts. */
    project_engines: z.record(z.string(), engineRefSchema).default({}),
  })
  .loose();
export type Config = z.infer<typeof configSchema>;

/** What the app tells the user about its config file, e.g. that a corrupt one was set aside. */
export const configNoticeSchema = z.object({ message: z.string(), backupPath: z.string().optional() });
export type ConfigNotice = z.infer<typeof configNoticeSchema>;
