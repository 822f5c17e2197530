import { useEffect, type ReactNode } from 'react';
import { createStoreContext } from '../common/store-context.js';
import { useEditor } from '../editor/store/editor-context.js';
import type { JobsState, JobsStore } from './jobs-store.js';

const jobsContext = createStoreContext<JobsState>('jobs');

/** Gives the jobs store to the tree and keeps it on the editor's project. Inside EditorStoreProvider. */
export function JobsProvider({ store, children }: { store: JobsStore; children: ReactNode }) {
  const root = useEditor((s) => s.project?.root ?? null);
  useEffect(() => {
    void store.getState().actions.setProject(root);
  }, [store, root]);
  return <jobsContext.Provider store={store}>{children}</jobsContext.Provider>;
}

export const useJobsStore = jobsContext.useStoreApi;
export const useJobs = jobsContext.useSelector;
export const useJobsActions = jobsContext.useActions;
export const useHasJobs = jobsContext.useHasStore;
