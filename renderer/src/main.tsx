import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClientForPage } from './client/create-client.js';
import { App } from './shell/App.js';
import { createEnvironmentStore, selectDefaultEnvironment } from './environments/environment-store.js';
import { RunStoreProvider } from './runs/run-context.js';
import { createRunStore } from './runs/run-store.js';
import { createEditorStore } from './editor/store/editor-store.js';
import { ArgoStoreProvider } from './argo/argo-context.js';
import { createArgoStore } from './argo/argo-store.js';
import { JupyterStoreProvider } from './jupyter/jupyter-context.js';
import { createJupyterStore } from './jupyter/jupyter-store.js';
import { ServicesStoreProvider } from './services/services-context.js';
import { createServicesStore } from './services/services-store.js';
import { createVariablesStore } from './variables/variables-store.js';
import { createJobsStore } from './jobs/jobs-store.js';
import { showBrowserNotification } from './jobs/notifications.js';
import { createEngineStore } from './engines/engine-store.js';
import { OutputsStoreProvider } from './outputs/outputs-context.js';
import { createOutputsStore } from './outputs/outputs-store.js';
import { SetupStoreProvider } from './setup/setup-context.js';
import { FileStoreProvider } from './files/file-context.js';
import { createFileStore } from './files/file-store.js';
import { NotebookStoreProvider } from './notebook/notebook-context.js';
import { createNotebookStore } from './notebook/notebook-store.js';
import { createSetupStore } from './setup/setup-store.js';

const client = createClientForPage();
const environments = createEnvironmentStore(client);
const store = createEditorStore(client, { defaultEnvironment: () => selectDefaultEnvironment(environments.getState())?.uuid });
// Runs of the open pipeline: follows the editor (open pipeline, selection), made before it loads.
const runs = createRunStore(client, store);
const variables = createVariablesStore(client);
const setup = createSetupStore(client);
const jupyter = createJupyterStore(client);
// In Electron the shell shows the notification (electron/notifications.ts); a page shows it here.
const jobs = createJobsStore(client, window.api ? {} : { notify: showBrowserNotification });
const files = createFileStore(client, store);
const notebooks = createNotebookStore(client);
const engines = createEngineStore(client);
const outputs = createOutputsStore(client, store);
const services = createServicesStore(client);
const argo = createArgoStore(client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RunStoreProvider store={runs}>
      <SetupStoreProvider store={setup}>
        <JupyterStoreProvider store={jupyter}>
          <OutputsStoreProvider store={outputs}>
            <ServicesStoreProvider store={services}>
              <ArgoStoreProvider store={argo}>
                <FileStoreProvider store={files}>
                  <NotebookStoreProvider store={notebooks}>
                    <App store={store} environments={environments} variables={variables} jobs={jobs} engines={engines} />
                  </NotebookStoreProvider>
                </FileStoreProvider>
              </ArgoStoreProvider>
            </ServicesStoreProvider>
          </OutputsStoreProvider>
        </JupyterStoreProvider>
      </SetupStoreProvider>
    </RunStoreProvider>
  </StrictMode>,
);

void store.getState().actions.init();
// Unsaved edits still in the debounce window go out before the page goes away.
window.addEventListener('pagehide', () => void store.getState().actions.flushSave());
