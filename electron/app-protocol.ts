/** Maps `orchest://app/<path>` requests to files of renderer/dist (pure; the shell reads the file). */
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './window-options.js';

export { contentTypeOf } from '../main/src/common/content-types.js';

/**
 * The file under `root` a request asks for, or null for another host/scheme or a path that
 * would leave `root` (encoded `..` included).
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  if (rel === '' || rel === '/') rel = '/index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, '.' + path.posix.normalize(rel));
  return file.startsWith(base + path.sep) ? file : null;
}
