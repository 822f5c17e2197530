import { ReactFlowProvider } from '@xyflow/react';
import { EditorStoreProvider } from '../store/editor-context.js';
import type { EditorStore } from '../store/editor-store.js';
import { CanvasElementProvider } from './canvas/canvas-element.js';
import { PipelineCanvas } from './canvas/PipelineCanvas.js';
import { BottomPanel } from './panels/BottomPanel.js';
import { ConflictDialog } from './panels/ConflictDialog.js';
import { ConnectionBanner } from './panels/ConnectionBanner.js';
import { StatusMessages } from './panels/StatusMessages.js';
import { PropertiesPanel } from './properties/PropertiesPanel.js';
import { Sidebar } from './sidebar/Sidebar.js';
import { Toolbar } from './toolbar/Toolbar.js';
import { useDocumentTitle } from './use-document-title.js';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts.js';

function Layout() {
  useKeyboardShortcuts();
  useDocumentTitle();
  return (
    <div className="app">
      <ConnectionBanner />
      <Toolbar />
      <div className="workspace">
        <Sidebar />
        <main className="center" aria-label="Pipeline editor">
          <PipelineCanvas />
          <BottomPanel />
        </main>
        <PropertiesPanel />
      </div>
      <StatusMessages />
      <ConflictDialog />
    </div>
  );
}

export function App({ store }: { store: EditorStore }) {
  return (
    <EditorStoreProvider store={store}>
      {/* One provider around everything: the toolbar uses the canvas' view (fit, centre). */}
      <ReactFlowProvider>
        <CanvasElementProvider>
          <Layout />
        </CanvasElementProvider>
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}
