import { memo, useEffect, useMemo, useState, type DragEvent, type MouseEvent } from 'react';
import { OpenInJupyterButton } from '../../jupyter/OpenInJupyterButton.js';
import { useHasJupyter } from '../../jupyter/jupyter-context.js';
import { isStepFile } from '../../../../main/src/common/step-file-types.js';
import { useEditor } from '../store/editor-context.js';
import { FILE_DRAG_TYPE } from '../canvas/file-drag.js';
import { buildFileTree, type FileTreeNode } from './file-tree-model.js';

function onDragStart(event: DragEvent<HTMLElement>, path: string) {
  event.dataTransfer.setData(FILE_DRAG_TYPE, path);
  event.dataTransfer.setData('text/plain', path);
  event.dataTransfer.effectAllowed = 'copy';
}

/** A file's context menu: where it is and for which file. */
interface FileMenu {
  path: string;
  x: number;
  y: number;
}
type OnFileMenu = ((event: MouseEvent, path: string) => void) | undefined;

function TreeItems({ nodes, onMenu }: { nodes: FileTreeNode[]; onMenu: OnFileMenu }) {
  return (
    <>
      {nodes.map((node) =>
        node.children ? (
          <li key={node.path} className="tree-folder">
            <details open>
              <summary>{node.name}</summary>
              <ul>
                <TreeItems nodes={node.children} onMenu={onMenu} />
              </ul>
            </details>
          </li>
        ) : (
          <li
            key={node.path}
            className={isStepFile(node.path) ? 'tree-file is-step-file' : 'tree-file'}
            draggable={isStepFile(node.path)}
            onDragStart={(e) => onDragStart(e, node.path)}
            title={isStepFile(node.path) ? `${node.path} — drag onto the canvas to add a step` : node.path}
            data-path={node.path}
            onContextMenu={onMenu && node.path.endsWith('.ipynb') ? (e) => onMenu(e, node.path) : undefined}
          >
            {node.name}
          </li>
        ),
      )}
    </>
  );
}

/** Project files; scripts and notebooks can be dragged onto the canvas to become steps. */
export const FileTree = memo(function FileTree() {
  const files = useEditor((s) => s.project?.files ?? null);
  const tree = useMemo(() => buildFileTree(files ?? []), [files]);
  const hasJupyter = useHasJupyter();
  const [menu, setMenu] = useState<FileMenu | null>(null);
  useEffect(() => {
    if (!menu) return;
    const close = () => setMenu(null);
    // After the menu's own click (which opens the tab) has run.
    window.addEventListener('click', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('click', close);
      window.removeEventListener('keydown', close);
    };
  }, [menu]);
  const onMenu: OnFileMenu = hasJupyter
    ? (event, path) => {
        event.preventDefault();
        setMenu({ path, x: event.clientX, y: event.clientY });
      }
    : undefined;
  if (!files) return null;
  return (
    <section className="sidebar-section file-tree">
      <h2 id="files-heading">Files</h2>
      {tree.length === 0 ? <p className="muted">No files.</p> : null}
      <ul aria-label="Folder contents">
        <TreeItems nodes={tree} onMenu={onMenu} />
      </ul>
      {menu ? (
        <div className="context-menu" role="menu" aria-label={`Actions for ${menu.path}`} style={{ position: 'fixed', left: menu.x, top: menu.y }}>
          <OpenInJupyterButton request={{ path: menu.path }} />
        </div>
      ) : null}
    </section>
  );
});
