import type { JupyterFlavor } from '../api/sessions.js';

/** The port the server listens on inside its container. */
export const JUPYTER_PORT = 8888;

const MARK = 'orchest-jupyter:';

/**
 * What the server's container runs: JupyterLab when the image has it, else the classic notebook
 * server, else a line saying there is none (exit 127). The first line of output names which, so the
 * service knows the URL scheme without a second container. The token comes in JUPYTER_TOKEN (both
 * servers read it), the root is the working directory (/project-dir); --allow-root because a step
 * on a root-owned project runs as root. JupyterLab never reaches out (no news, update checks or
 * PyPI extension manager): the machine may be air-gapped, and nothing should leave it unasked.
 */
export function jupyterCommand(port: number = JUPYTER_PORT): string[] {
  const common = `--ip=0.0.0.0 --port=${port} --no-browser --allow-root`;
  const quiet = '--LabApp.news_url=None --LabApp.extension_manager=readonly --LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate';
  const script = [
    'if command -v jupyter-lab >/dev/null 2>&1; then',
    `  echo "${MARK} lab"; exec jupyter-lab ${common} --ServerApp.allow_remote_access=True ${quiet}`,
    'elif command -v jupyter-notebook >/dev/null 2>&1; then',
    `  echo "${MARK} notebook"; exec jupyter-notebook ${common} --NotebookApp.allow_remote_access=True`,
    'fi',
    `echo "${MARK} none"; exit 127`,
  ].join('\n');
  return ['sh', '-c', script];
}

/** Which server the container's output says it started; undefined before the first line. */
export function flavorFromOutput(output: string): JupyterFlavor | 'none' | undefined {
  const m = new RegExp(`^${MARK} (lab|notebook|none)$`, 'm').exec(output);
  return m ? (m[1] as JupyterFlavor | 'none') : undefined;
}

/** What to tell a user whose image has no Jupyter server. */
export function noJupyterMessage(image: string): string {
  return (
    `The image "${image}" has no Jupyter server (neither "jupyter lab" nor "jupyter notebook" is on its PATH). ` +
    `Add JupyterLab to the environment's setup script ("pip install jupyterlab"), or build an image with it: ` +
    `orchest image build-offline NAME --pip jupyterlab (Debian's classic server: --packages jupyter-notebook).`
  );
}

const encodePath = (rel: string) => rel.split('/').map(encodeURIComponent).join('/');

/** The page that opens `rel` (a project-relative notebook; '' = the file browser), token included. */
export function jupyterUrl(baseUrl: string, flavor: JupyterFlavor, token: string, rel: string): string {
  const q = `?token=${encodeURIComponent(token)}`;
  if (!rel) return `${baseUrl}${flavor === 'lab' ? 'lab' : 'tree'}${q}`;
  if (flavor === 'lab') return `${baseUrl}lab/tree/${encodePath(rel)}${q}`;
  return `${baseUrl}${rel.endsWith('.ipynb') ? 'notebooks' : 'edit'}/${encodePath(rel)}${q}`;
}
