/** Run code in a Jupyter kernel over its WebSocket channels, as JupyterLab does (tests only). */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface Execution {
  stdout: string;
  stderr: string;
  /** `ename: evalue` of an exception, '' when none. */
  error: string;
}

interface Message {
  channel?: string;
  msg_type?: string;
  header: { msg_type: string };
  parent_header: { msg_id?: string };
  content: Record<string, unknown>;
}

/** Executes `code` and collects its output until the kernel is idle again. */
export async function executeInKernel(baseUrl: string, token: string, kernelId: string, code: string, timeoutMs = 60_000): Promise<Execution> {
  const url = `${baseUrl.replace(/^http/, 'ws')}api/kernels/${kernelId}/channels?token=${encodeURIComponent(token)}`;
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const msgId = randomUUID();
  const result: Execution = { stdout: '', stderr: '', error: '' };
  try {
    return await new Promise<Execution>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the kernel did not finish within ${timeoutMs} ms; output so far: ${JSON.stringify(result)}`)), timeoutMs);
      ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as Message;
        if (msg.parent_header.msg_id !== msgId) return;
        const type = msg.header.msg_type;
        if (type === 'stream') result[(msg.content.name as string) === 'stderr' ? 'stderr' : 'stdout'] += String(msg.content.text);
        if (type === 'error') result.error = `${String(msg.content.ename)}: ${String(msg.content.evalue)}`;
        if (type === 'status' && msg.content.execution_state === 'idle') {
          clearTimeout(timer);
          resolve(result);
        }
      });
      ws.send(
        JSON.stringify({
          channel: 'shell',
          header: { msg_id: msgId, username: 'test', session: randomUUID(), msg_type: 'execute_request', version: '5.3', date: new Date().toISOString() },
          parent_header: {},
          metadata: {},
          content: { code, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true },
          buffers: [],
        }),
      );
    });
  } finally {
    ws.close();
  }
}
