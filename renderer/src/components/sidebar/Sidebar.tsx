import { FileTree } from './FileTree.js';
import { OpenFolder } from './OpenFolder.js';
import { PipelineList } from './PipelineList.js';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Project">
      <OpenFolder />
      <PipelineList />
      <FileTree />
    </nav>
  );
}
