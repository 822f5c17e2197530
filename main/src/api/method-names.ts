import type { EventName, MethodName } from './contract.js';

/**
 * The contract's method and event names as plain data, without zod: the sandboxed Electron preload
 * builds `window.api` from this list and must stay tiny. `electron/method-names.test.ts` checks it
 * against `methods` / `events` in contract.ts, and the type checks below refuse a missing name.
 */
export const METHOD_NAMES = [
  'app.info',
  'config.get',
  'config.update',
  'project.open',
  'project.pickAndOpen',
  'project.get',
  'project.openInEditor',
  'pipeline.read',
  'pipeline.save',
  'pipeline.create',
  'file.create',
  'runs.start',
  'runs.cancel',
  'runs.get',
  'runs.last',
  'runs.readLog',
  'runs.fetchOutputs',
  'engines.list',
  'engines.save',
  'engines.remove',
  'engines.select',
  'engines.check',
  'env.list',
  'env.save',
  'env.duplicate',
  'env.delete',
  'env.build',
  'env.cancelBuild',
  'env.readBuildLog',
  'env.setDefault',
  'vars.get',
  'vars.set',
  'engine.status',
  'setup.buildDefaultImage',
  'setup.cancel',
  'setup.readLog',
  'jupyter.open',
  'jupyter.list',
  'jupyter.stop',
  'outputs.list',
  'outputs.thumbnail',
  'argo.export',
  'argo.push',
  'argo.submit',
  'jobs.create',
  'jobs.list',
  'jobs.get',
  'jobs.pause',
  'jobs.resume',
  'jobs.cancel',
  'jobs.delete',
  'jobs.runNow',
  'jobs.previewGrid',
  'runs.history',
  'runs.record',
  'runs.readRecordLog',
  'runs.artifacts',
  'storage.usage',
  'storage.clean',
] as const satisfies readonly MethodName[];

export const EVENT_NAMES = [
  'project.changed',
  'pipeline.changed',
  'run.updated',
  'run.log',
  'env.build',
  'env.changed',
  'setup.progress',
  'jupyter.changed',
  'argo.updated',
  'argo.log',
  'argo.push',
  'jobs.changed',
  'runs.recorded',
  'jobs.log',
  'notify.finished',
] as const satisfies readonly EventName[];

// Compile-time completeness: a method or event added to the contract but not here fails `tsc`.
type Missing<All, Listed> = Exclude<All, Listed>;
const methodsComplete: Missing<MethodName, (typeof METHOD_NAMES)[number]> extends never ? true : never = true;
const eventsComplete: Missing<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never = true;
void methodsComplete;
void eventsComplete;
