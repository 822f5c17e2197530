/** The project's flat file list as a folder tree (folders first, then files, by name). */
export interface FileTreeNode {
  name: string;
  /** Project-relative path. */
  path: string;
  children?: FileTreeNode[];
}

/** Run artefacts and app internals stay out of the tree (pipeline files themselves are listed). */
function hidden(path: string): boolean {
  return path.split('/').some((part) => part === '.git' || part === 'node_modules' || part === '.orchest');
}

/** `folders`: folders to show even when they hold no file (the project lists files only). */
export function buildFileTree(files: readonly string[], folders: readonly string[] = []): FileTreeNode[] {
  const root: FileTreeNode = { name: '', path: '', children: [] };
  const entries = [...files.map((path) => ({ path, folder: false })), ...folders.map((path) => ({ path, folder: true }))];
  for (const { path: file, folder } of entries) {
    if (hidden(file)) continue;
    const parts = file.split('/');
    let node = root;
    parts.forEach((part, i) => {
      const isFile = !folder && i === parts.length - 1;
      const path = parts.slice(0, i + 1).join('/');
      node.children ??= [];
      let child = node.children.find((c) => c.name === part && Boolean(c.children) !== isFile);
      if (!child) {
        child = isFile ? { name: part, path } : { name: part, path, children: [] };
        node.children.push(child);
      }
      node = child;
    });
  }
  const sort = (nodes: FileTreeNode[]): FileTreeNode[] =>
    nodes
      .sort((a, b) => Number(Boolean(b.children)) - Number(Boolean(a.children)) || a.name.localeCompare(b.name))
      .map((n) => (n.children ? { ...n, children: sort(n.children) } : n));
  return sort(root.children ?? []);
}
