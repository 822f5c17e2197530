import { createStoreContext } from '../../common/store-context.js';
import type { EditorState } from './editor-state.js';

const editorContext = createStoreContext<EditorState>('editor');

export const EditorStoreProvider = editorContext.Provider;
export const useEditorStore = editorContext.useStoreApi;
/** Read the editor state through a selector; re-renders only when the selected value changes. */
export const useEditor = editorContext.useSelector;
export const useEditorActions = editorContext.useActions;
