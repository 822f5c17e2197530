import { ScreenSwitch } from '../../environments/ScreenSwitch.js';
import { ProjectSettings } from '../../variables/ProjectSettings.js';
import { FileTree } from './FileTree.js';
import { OpenFolder } from './OpenFolder.js';
import { PipelineList } from './PipelineList.js';

export function Sidebar() {
  return (
    <nav className="sidebar" aria-label="Project">
      <ScreenSwitch />
      <ProjectSettings />
      <OpenFolder />
      <PipelineList />
      <FileTree />
    </nav>
  );
}
