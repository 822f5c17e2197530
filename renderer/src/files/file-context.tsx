import { createStoreContext } from '../common/store-context.js';
import type { FileState } from './file-store.js';

const fileContext = createStoreContext<FileState>('files');

export const FileStoreProvider = fileContext.Provider;
export const useFiles = fileContext.useSelector;
export const useFileActions = fileContext.useActions;
/** File operations show only where the app provides the store. */
export const useHasFiles = fileContext.useHasStore;
/** For parts that also work without file operations: `fallback` outside a Provider (keep it a constant). */
export const useFilesIfAny = fileContext.useSelectorIfAny;
