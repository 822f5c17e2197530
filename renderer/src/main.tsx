import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClientForPage } from './client/create-client.js';
import { App } from './components/App.js';
import { createEditorStore } from './store/editor-store.js';

const client = createClientForPage();
const store = createEditorStore(client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);

void store.getState().actions.init();
// Unsaved edits still in the debounce window go out before the page goes away.
window.addEventListener('pagehide', () => void store.getState().actions.flushSave());
