/**
 * The environments of the open project, their builds and the environments screen: one store per
 * app instance (beside the editor store), fed by 'env.changed' and 'env.build' events.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { BuildEvent, EnvironmentInfo } from '../../../main/src/api/environments.js';
import { errorMessage } from '../client/client-error.js';
import type { CoreClient } from '../client/core-client.js';
import { LogFollower } from '../logs/log-follower.js';
import { isBuildActive } from '../../../main/src/common/statuses.js';
import { applyBuildEvent, emptyView, LOG_LIMIT, startsBuild, type BuildView } from './build-log.js';
import { specOf, type EnvDraft } from './env-form.js';

/** What the workspace shows: the pipeline editor, the environments, or the runs and jobs. */
export type Screen = 'pipelines' | 'environments' | 'jobs';

/** `selected` value of the "New environment" form. */
export const NEW_ENVIRONMENT = '';

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export interface BuildNote {
  text: string;
  tone: 'info' | 'error';
}

export interface EnvironmentActions {
  /** The editor opened another project (or none): start over with its environments. */
  setProject(root: string | null): Promise<void>;
  refresh(): Promise<void>;
  show(screen: Screen): void;
  /** An environment's uuid, NEW_ENVIRONMENT for the new form, null for none. */
  select(uuid: string | null): void;
  save(draft: EnvDraft): Promise<Outcome<EnvironmentInfo>>;
  duplicate(uuid: string): Promise<Outcome<EnvironmentInfo>>;
  remove(uuid: string): Promise<Outcome<string>>;
  setDefault(uuid: string): Promise<Outcome<EnvironmentInfo>>;
  /** Resolves when the build has ended; its output arrives meanwhile as events. */
  build(uuid: string): Promise<Outcome<EnvironmentInfo>>;
  cancelBuild(uuid: string): Promise<Outcome<EnvironmentInfo>>;
  /** Show the last build's log (read from disk, then followed as it streams). */
  loadLog(uuid: string): void;
  /** config.package_index, the package indexes builds use. */
  loadPackageIndex(): Promise<Outcome<string[]>>;
  savePackageIndex(entries: string[]): Promise<Outcome<string[]>>;
  dispose(): void;
}

export interface EnvironmentsState {
  screen: Screen;
  root: string | null;
  /** null until the open project's list has been read. */
  list: EnvironmentInfo[] | null;
  listError: string | null;
  selected: string | null;
  builds: Readonly<Record<string, BuildView>>;
  /** What the last Build press said beyond the log: "already built", or why the call failed. */
  notes: Readonly<Record<string, BuildNote>>;
  /** config.package_index; null until read. */
  packageIndex: string[] | null;
  actions: EnvironmentActions;
}

export type EnvironmentStore = StoreApi<EnvironmentsState>;

export function createEnvironmentStore(client: CoreClient): EnvironmentStore {
  const unsubscribers: Array<() => void> = [];
  /** Events seen per environment: tells a cached build (no events) from a real one. */
  const eventCounts = new Map<string, number>();
  /** Each shown build log, followed: its file's tail, then the 'env.build' text by offset. */
  const followers = new Map<string, LogFollower>();
  let listSeq = 0;

  const store = createStore<EnvironmentsState>()((set, get) => {
    const setView = (uuid: string, update: (view: BuildView | undefined) => BuildView) =>
      set((s) => ({ builds: { ...s.builds, [uuid]: update(s.builds[uuid]) } }));
    const setNote = (uuid: string, note: BuildNote | null) =>
      set((s) => {
        const notes = { ...s.notes };
        if (note) notes[uuid] = note;
        else delete notes[uuid];
        return { notes };
      });

    /** A fresh list is the truth about finished builds: only running ones keep their own status. */
    const applyList = (list: EnvironmentInfo[]) =>
      set((s) => {
        const builds: Record<string, BuildView> = {};
        for (const [uuid, view] of Object.entries(s.builds)) {
          builds[uuid] = isBuildActive(view.status) || view.awaitingStart || view.status === null ? view : { ...view, status: null };
        }
        return { list, listError: null, builds };
      });

    const replaceInList = (info: EnvironmentInfo) =>
      set((s) => {
        if (!s.list) return {};
        const at = s.list.findIndex((e) => e.uuid === info.uuid);
        // Only this entry: `isDefault` of the others may have changed too, env.changed brings that.
        return { list: at < 0 ? [...s.list, info] : s.list.map((e, i) => (i === at ? info : e)) };
      });

    const attempt = async <T>(work: () => Promise<T>): Promise<Outcome<T>> => {
      try {
        return { ok: true, value: await work() };
      } catch (err) {
        return { ok: false, message: errorMessage(err) };
      }
    };

    /** The environment's log follower; a new one reads the file unless `fresh` (a build starting here). */
    const follow = (uuid: string, fresh: boolean): LogFollower => {
      let follower = followers.get(uuid);
      if (follower) return follower;
      const root = get().root;
      const f = new LogFollower({
        read: () => client.call('env.readBuildLog', { uuid }),
        onChange: () => {
          if (followers.get(uuid) !== f || get().root !== root) return;
          setView(uuid, (v) => ({ ...(v ?? emptyView), log: f.buffer, logVersion: (v?.logVersion ?? 0) + 1, logPhase: f.phase, logError: f.error }));
        },
        buffer: { maxChars: LOG_LIMIT },
        flushMs: 50,
      });
      followers.set(uuid, (follower = f));
      if (!fresh) f.load();
      return follower;
    };

    const onBuildEvent = (event: BuildEvent) => {
      const { uuid } = event;
      eventCounts.set(uuid, (eventCounts.get(uuid) ?? 0) + 1);
      const before = get().builds[uuid];
      const starts = startsBuild(before, event);
      setView(uuid, () => applyBuildEvent(before, event));
      // A build starting here starts its log file over; one joined midway shows a gap, which reads the file.
      const follower = follow(uuid, starts);
      if (starts) follower.restart();
      if (event.text) follower.push({ offset: event.offset ?? 0, text: event.text });
    };

    const loadLog = (uuid: string) => {
      follow(uuid, false);
    };

    const refresh = async () => {
      const root = get().root;
      const seq = ++listSeq;
      if (!root) {
        set({ list: [], listError: null });
        return;
      }
      try {
        const list = await client.call('env.list', {});
        if (seq === listSeq && get().root === root) applyList(list);
      } catch (err) {
        if (seq === listSeq) set({ listError: `Could not list the environments: ${errorMessage(err)}` });
      }
    };

    const actions: EnvironmentActions = {
      async setProject(root) {
        if (root === get().root && get().list !== null) return;
        eventCounts.clear();
        for (const f of followers.values()) f.dispose();
        followers.clear();
        set({ root, list: null, listError: null, selected: null, builds: {}, notes: {}, ...(root ? {} : { screen: 'pipelines' as const }) });
        await refresh();
      },

      refresh,

      show(screen) {
        set({ screen });
      },

      select(uuid) {
        set({ selected: uuid });
        if (uuid) loadLog(uuid);
      },

      async save(draft) {
        const outcome = await attempt(() => client.call('env.save', { env: specOf(draft) }));
        if (outcome.ok) {
          replaceInList(outcome.value);
          if (draft.uuid === undefined) set({ selected: outcome.value.uuid });
        }
        return outcome;
      },

      async duplicate(uuid) {
        const outcome = await attempt(() => client.call('env.duplicate', { uuid }));
        if (outcome.ok) {
          replaceInList(outcome.value);
          set({ selected: outcome.value.uuid });
        }
        return outcome;
      },

      async remove(uuid) {
        const outcome = await attempt(async () => (await client.call('env.delete', { uuid })).deleted);
        if (outcome.ok) {
          set((s) => ({ list: s.list?.filter((e) => e.uuid !== uuid) ?? null, selected: s.selected === uuid ? null : s.selected }));
        }
        return outcome;
      },

      async setDefault(uuid) {
        const outcome = await attempt(() => client.call('env.setDefault', { uuid }));
        if (outcome.ok) {
          // Exactly one default: mark it here at once, env.changed confirms.
          set((s) => ({ list: s.list?.map((e) => (e.uuid === uuid ? outcome.value : { ...e, isDefault: false })) ?? null }));
        }
        return outcome;
      },

      async build(uuid) {
        const eventsBefore = eventCounts.get(uuid) ?? 0;
        setNote(uuid, null);
        setView(uuid, (v) => (isBuildActive(v?.status) ? v! : { ...(v ?? emptyView), status: 'PENDING', progress: undefined, awaitingStart: true }));
        const outcome = await attempt(() => client.call('env.build', { uuid }));
        if (!outcome.ok) {
          setView(uuid, (v) => ({ ...(v ?? emptyView), status: null, awaitingStart: false }));
          setNote(uuid, { text: `Could not build: ${outcome.message}`, tone: 'error' });
          return outcome;
        }
        const info = outcome.value;
        replaceInList(info);
        setView(uuid, (v) => ({ ...(v ?? emptyView), status: info.build.status, ...(info.build.status === 'SUCCESS' ? { progress: 1 } : {}), awaitingStart: false }));
        if ((eventCounts.get(uuid) ?? 0) === eventsBefore && info.build.status === 'SUCCESS') {
          setNote(uuid, { text: 'Already built: an image of exactly this recipe exists, nothing to do.', tone: 'info' });
        }
        return outcome;
      },

      async cancelBuild(uuid) {
        const outcome = await attempt(() => client.call('env.cancelBuild', { uuid }));
        if (outcome.ok) replaceInList(outcome.value);
        else setNote(uuid, { text: `Could not cancel the build: ${outcome.message}`, tone: 'error' });
        return outcome;
      },

      loadLog,

      async loadPackageIndex() {
        const outcome = await attempt(async () => (await client.call('config.get', {})).package_index);
        if (outcome.ok) set({ packageIndex: outcome.value });
        return outcome;
      },

      async savePackageIndex(entries) {
        const outcome = await attempt(async () => (await client.call('config.update', { patch: { package_index: entries } })).package_index);
        if (outcome.ok) set({ packageIndex: outcome.value });
        return outcome;
      },

      dispose() {
        for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
        for (const f of followers.values()) f.dispose();
        followers.clear();
      },
    };

    let wasDown = false;
    unsubscribers.push(
      client.on('env.changed', (list) => {
        if (get().root) applyList(list);
      }),
      client.on('env.build', onBuildEvent),
      client.connection.subscribe((state) => {
        // Events were missed while the link was down.
        if (state === 'open' && wasDown) void refresh();
        wasDown = state === 'reconnecting';
      }),
    );

    return {
      screen: 'pipelines',
      root: null,
      list: null,
      listError: null,
      selected: null,
      builds: {},
      notes: {},
      packageIndex: null,
      actions,
    };
  });

  return store;
}

/** The project's default environment for new steps, if it has any. */
export const selectDefaultEnvironment = (s: EnvironmentsState): EnvironmentInfo | undefined => s.list?.find((e) => e.isDefault);

export const selectEnvironment =
  (uuid: string | null) =>
  (s: EnvironmentsState): EnvironmentInfo | undefined =>
    uuid ? s.list?.find((e) => e.uuid === uuid) : undefined;

/** A finished build's image is of an older recipe (e.g. requirements.txt changed): shown as "OUT OF DATE". */
export function isOutdated(info: EnvironmentInfo | undefined, view: BuildView | undefined): boolean {
  return !isBuildActive(shownStatus(info, view)) && info?.build.outdated === true;
}

/** The status to show: a running build's own, else what the list says. */
export function shownStatus(info: EnvironmentInfo | undefined, view: BuildView | undefined): EnvironmentInfo['build']['status'] {
  return view?.status ?? info?.build.status ?? 'NONE';
}
