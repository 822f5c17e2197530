/** Test helpers: a project service on a temp config, and a log of the events it emits. */
import path from 'node:path';
import type { EventName } from '../../api/contract.js';
import { createConfigService } from '../../config/config-service.js';
import { EventBus } from '../../core/event-bus.js';
import type { ConfigService } from '../../config/config-service.js';
import type { ProjectService } from '../project-service.js';
import { tempDir } from '../../pipeline/testing/fixtures.js';
import { createProjectService } from '../project-service.js';

export interface RecordedEvent {
  event: EventName;
  payload: unknown;
  at: number;
}

export interface Harness {
  project: ProjectService;
  config: ConfigService;
  bus: EventBus;
  events: RecordedEvent[];
  /** Resolves with the first matching event emitted from now on; rejects after `ms`. */
  waitFor(event: EventName, pred?: (payload: never) => boolean, ms?: number): Promise<RecordedEvent>;
  /** Events of this name recorded from now on. */
  since(): (event: EventName) => RecordedEvent[];
}

export async function makeHarness(): Promise<Harness> {
  const config = await createConfigService({ configDir: path.join(await tempDir('orchest-config-'), 'orchest') });
  const bus = new EventBus();
  const events: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  bus.subscribe((event, payload) => {
    events.push({ event, payload, at: Date.now() });
    for (const w of [...waiters]) w();
  });
  const project = createProjectService({ config, bus });
  return {
    project,
    config,
    bus,
    events,
    waitFor(event, pred = () => true, ms = 10_000) {
      const startIndex = events.length;
      return new Promise((resolve, reject) => {
        const find = () => events.slice(startIndex).find((e) => e.event === event && (pred as (p: unknown) => boolean)(e.payload));
        const check = () => {
          const hit = find();
          if (!hit) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(hit);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event matching within ${ms} ms; got: ${events.map((e) => e.event).join(', ') || 'none'}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    since() {
      const from = events.length;
      return (event) => events.slice(from).filter((e) => e.event === event);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
