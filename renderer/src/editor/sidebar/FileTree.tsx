import { memo, useEffect, useMemo, useState, type DragEvent, type MouseEvent } from 'react';
import { OpenInJupyterButton } from '../../jupyter/OpenInJupyterButton.js';
import { useFileActions, useFilesIfAny, useHasFiles } from '../../files/file-context.js';
import { useHasNotebook, useNotebookActions } from '../../notebook/notebook-context.js';
import { projectPathFor } from '../../../../main/src/common/project-paths.js';
import { isStepFile } from '../../../../main/src/common/step-file-types.js';
import { useEditor, useEditorActions } from '../store/editor-context.js';
import { FILE_DRAG_TYPE } from '../canvas/file-drag.js';
import { buildFileTree, type FileTreeNode } from './file-tree-model.js';

function onDragStart(event: DragEvent<HTMLElement>, path: string) {
  event.dataTransfer.setData(FILE_DRAG_TYPE, path);
  event.dataTransfer.setData('text/plain', path);
  event.dataTransfer.effectAllowed = 'copy';
}

const NO_FOLDERS: readonly string[] = [];

/** An entry's context menu: where it is and for which file or folder. */
interface EntryMenu {
  path: string;
  folder: boolean;
  x: number;
  y: number;
}
type OnMenu = (event: MouseEvent, path: string, folder: boolean) => void;

function TreeItems({ nodes, onMenu }: { nodes: FileTreeNode[]; onMenu: OnMenu }) {
  return (
    <>
      {nodes.map((node) =>
        node.children ? (
          <li key={node.path} className="tree-folder">
            <details open>
              <summary data-path={node.path} onContextMenu={(e) => onMenu(e, node.path, true)}>
                {node.name}
              </summary>
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
            title={isStepFile(node.path) ? `${node.path} — drag onto the canvas to add a step; right-click for more` : node.path}
            data-path={node.path}
            onContextMenu={(e) => onMenu(e, node.path, false)}
          >
            {node.name}
          </li>
        ),
      )}
    </>
  );
}

function PreviewButton({ path }: { path: string }) {
  const notebooks = useNotebookActions();
  const doc = useEditor((s) => s.doc);
  const onClick = () => {
    // A notebook that is a step of the open pipeline also shows that step's last run.
    const step = Object.values(doc?.pipeline?.steps ?? {}).find((st) => st.file_path !== '' && projectPathFor(doc!.dir, st.file_path) === path);
    void notebooks.open({ path, ...(step && doc ? { step: { pipeline: doc.path, stepId: step.uuid } } : {}) });
  };
  return (
    <button type="button" onClick={onClick}>
      Preview
    </button>
  );
}

function FileOps({ menu }: { menu: EntryMenu }) {
  const files = useFileActions();
  return (
    <>
      {menu.folder ? (
        <>
          <button type="button" onClick={() => files.askNewFile(menu.path)}>
            New file here…
          </button>
          <button type="button" onClick={() => files.askNewFolder(menu.path)}>
            New folder here…
          </button>
        </>
      ) : null}
      <button type="button" onClick={() => files.askMove(menu.path)}>
        Rename or move…
      </button>
      <button type="button" onClick={() => void files.askDelete(menu.path)}>
        Delete…
      </button>
    </>
  );
}

function NewButtons() {
  const files = useFileActions();
  return (
    <span className="section-actions">
      <button type="button" onClick={() => files.askNewFile('')} title="New file from a template">
        New file
      </button>
      <button type="button" onClick={() => files.askNewFolder('')}>
        New folder
      </button>
    </span>
  );
}

/** Project files; scripts and notebooks can be dragged onto the canvas to become steps; right-click an entry for what can be done with it. */
export const FileTree = memo(function FileTree() {
  const files = useEditor((s) => s.project?.files ?? null);
  const emptyFolders = useFilesIfAny((s) => s.emptyFolders, NO_FOLDERS);
  const tree = useMemo(() => buildFileTree(files ?? [], emptyFolders), [files, emptyFolders]);
  const editor = useEditorActions();
  const hasFiles = useHasFiles();
  const hasNotebook = useHasNotebook();
  const [menu, setMenu] = useState<EntryMenu | null>(null);
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
  const onMenu: OnMenu = (event, path, folder) => {
    event.preventDefault();
    setMenu({ path, folder, x: event.clientX, y: event.clientY });
  };
  if (!files) return null;
  const notebook = menu && !menu.folder && menu.path.toLowerCase().endsWith('.ipynb');
  return (
    <section className="sidebar-section file-tree">
      <div className="section-header">
        <h2 id="files-heading">Files</h2>
        {hasFiles ? <NewButtons /> : null}
      </div>
      {tree.length === 0 ? <p className="muted">No files.</p> : null}
      <ul aria-label="Folder contents">
        <TreeItems nodes={tree} onMenu={onMenu} />
      </ul>
      {menu ? (
        <div className="context-menu" role="menu" aria-label={`Actions for ${menu.path}`} style={{ position: 'fixed', left: menu.x, top: menu.y }}>
          {!menu.folder ? (
            <button type="button" onClick={() => void editor.openInEditor(menu.path)}>
              Open in editor
            </button>
          ) : null}
          {notebook && hasNotebook ? <PreviewButton path={menu.path} /> : null}
          {notebook ? <OpenInJupyterButton request={{ path: menu.path }} /> : null}
          {hasFiles ? <FileOps menu={menu} /> : null}
        </div>
      ) : null}
    </section>
  );
});
