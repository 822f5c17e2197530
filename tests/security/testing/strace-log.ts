/**
 * Reads an `strace -f -y -e trace=%file,%process` log: which programs were executed and which
 * paths were opened, written, created or removed (relative paths resolved, fds decorated by -y).
 */

export interface FileAccess {
  syscall: string;
  /** The path as given, and as the kernel resolved it (-y decorates the returned fd). */
  paths: string[];
  writes: boolean;
  line: string;
}

export interface TraceSummary {
  execs: string[];
  accesses: FileAccess[];
}

const WRITE_CALLS = /^(mkdir|mkdirat|unlink|unlinkat|rmdir|rename|renameat2?|link|linkat|symlink|symlinkat|chmod|fchmodat|chown|lchown|fchownat|truncate|utimensat|creat|mknod|mknodat)$/;
const OPEN_CALLS = /^(open|openat|openat2|creat)$/;
const WRITE_FLAGS = /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|O_APPEND/;

/** The C-escaped strings of a syscall's arguments and its -y decorations (<path>). */
function quotedPaths(args: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|<(\/[^>]*)>/g;
  for (let m = re.exec(args); m; m = re.exec(args)) {
    const raw = m[1] ?? m[2] ?? '';
    out.push(raw.replace(/\\x([0-9a-f]{2})/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1'));
  }
  return out;
}

export function summarise(log: string): TraceSummary {
  const execs: string[] = [];
  const accesses: FileAccess[] = [];
  for (const line of log.split('\n')) {
    const m = /^\d+\s+([a-z0-9_]+)\((.*)$/.exec(line);
    if (!m) continue;
    const [, syscall, rest] = m as unknown as [string, string, string];
    if (syscall === 'execve' || syscall === 'execveat') {
      execs.push(line);
      continue;
    }
    const paths = quotedPaths(rest).filter((p) => p.startsWith('/'));
    if (paths.length === 0) continue;
    const writes = WRITE_CALLS.test(syscall) || (OPEN_CALLS.test(syscall) && WRITE_FLAGS.test(rest));
    accesses.push({ syscall, paths, writes, line });
  }
  return { execs, accesses };
}

export function isUnder(p: string, root: string): boolean {
  return p === root || p.startsWith(root.endsWith('/') ? root : `${root}/`);
}
