import { memo, useMemo, type DragEvent } from 'react';
import { isStepFile } from '../../../../main/src/common/step-file-types.js';
import { useEditor } from '../store/editor-context.js';
import { FILE_DRAG_TYPE } from '../canvas/file-drag.js';
import { buildFileTree, type FileTreeNode } from './file-tree-model.js';

function onDragStart(event: DragEvent<HTMLElement>, path: string) {
  event.dataTransfer.setData(FILE_DRAG_TYPE, path);
  event.dataTransfer.setData('text/plain', path);
  event.dataTransfer.effectAllowed = 'copy';
}

function TreeItems({ nodes }: { nodes: FileTreeNode[] }) {
  return (
    <>
      {nodes.map((node) =>
        node.children ? (
          <li key={node.path} className="tree-folder">
            <details open>
              <summary>{node.name}</summary>
              <ul>
                <TreeItems nodes={node.children} />
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
  if (!files) return null;
  return (
    <section className="sidebar-section file-tree">
      <h2 id="files-heading">Files</h2>
      {tree.length === 0 ? <p className="muted">No files.</p> : null}
      <ul aria-label="Folder contents">
        <TreeItems nodes={tree} />
      </ul>
    </section>
  );
});
