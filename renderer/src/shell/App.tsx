import { ReactFlowProvider } from '@xyflow/react';
import type { ReactNode } from 'react';
import { ArgoExportDialog } from '../argo/ArgoExportDialog.js';
import { BuildIndicator } from '../environments/BuildIndicator.js';
import { EnvironmentsProvider, useEnvironmentsIfAny } from '../environments/environment-context.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import { EnvironmentsView } from '../environments/EnvironmentsView.js';
import { JobsProvider } from '../jobs/jobs-context.js';
import type { JobsStore } from '../jobs/jobs-store.js';
import { JobsView } from '../jobs/JobsView.js';
import { EditorStoreProvider } from '../editor/store/editor-context.js';
import type { EditorStore } from '../editor/store/editor-store.js';
import { CanvasElementProvider } from '../editor/canvas/canvas-element.js';
import { PipelineCanvas } from '../editor/canvas/PipelineCanvas.js';
import { BottomPanel } from './BottomPanel.js';
import { ConflictDialog } from '../editor/panels/ConflictDialog.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { StatusMessages } from './StatusMessages.js';
import { PropertiesPanel } from '../editor/properties/PropertiesPanel.js';
import { Sidebar } from '../editor/sidebar/Sidebar.js';
import { Toolbar } from '../editor/toolbar/Toolbar.js';
import { useDocumentTitle } from './use-document-title.js';
import { FileDialogs } from '../files/FileDialogs.js';
import { useHasFiles } from '../files/file-context.js';
import { NotebookPreview } from '../notebook/NotebookPreview.js';
import { VariablesProvider } from '../variables/variables-context.js';
import type { VariablesStore } from '../variables/variables-store.js';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts.js';
import { SetupBanner } from '../setup/SetupBanner.js';
import { StatusBar } from './StatusBar.js';
import { EngineStoreProvider } from '../engines/engine-context.js';
import type { EngineStore } from '../engines/engine-store.js';

function Layout() {
  useKeyboardShortcuts();
  useDocumentTitle();
  const screen = useEnvironmentsIfAny((s) => s.screen, 'pipelines');
  const hasFiles = useHasFiles();
  return (
    <div className="app">
      <ConnectionBanner />
      <Toolbar />
      <div className="workspace">
        <Sidebar />
        {screen === 'environments' ? (
          <EnvironmentsView />
        ) : screen === 'jobs' ? (
          <JobsView />
        ) : (
          <>
            <main className="center" aria-label="Pipeline editor">
              <SetupBanner />
              <PipelineCanvas />
              <BottomPanel />
              <NotebookPreview />
            </main>
            <PropertiesPanel />
          </>
        )}
      </div>
      <StatusBar />
      <StatusMessages />
      <BuildIndicator />
      <ConflictDialog />
      {hasFiles ? <FileDialogs /> : null}
      <ArgoExportDialog />
    </div>
  );
}

/**
 * `environments`: the project's environments and builds (and the screen switch); `variables`: its
 * environment variables; `jobs`: its jobs and run history; `engines`: the Docker engines to run on
 * (the status bar's picker). Without them the app is the editor alone.
 */
export function App({ store, environments, variables, jobs, engines }: { store: EditorStore; environments?: EnvironmentStore; variables?: VariablesStore; jobs?: JobsStore; engines?: EngineStore }) {
  const withEngines = (children: ReactNode) => (engines ? <EngineStoreProvider store={engines}>{children}</EngineStoreProvider> : children);
  const withJobs = (children: ReactNode) => (jobs ? <JobsProvider store={jobs}>{withEngines(children)}</JobsProvider> : withEngines(children));
  const withVariables = (children: ReactNode) => (variables ? <VariablesProvider store={variables}>{withJobs(children)}</VariablesProvider> : withJobs(children));
  const withEnvironments = (children: ReactNode) => (environments ? <EnvironmentsProvider store={environments}>{withVariables(children)}</EnvironmentsProvider> : withVariables(children));
  return (
    <EditorStoreProvider store={store}>
      {/* One provider around everything: the toolbar uses the canvas' view (fit, centre). */}
      <ReactFlowProvider>
        <CanvasElementProvider>{withEnvironments(<Layout />)}</CanvasElementProvider>
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
