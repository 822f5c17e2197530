import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../main/src/api/environments.js';
import { applyBuildEvent, emptyView, startsBuild, type BuildView } from './build-log.js';

const ev = (e: Omit<BuildEvent, 'uuid'>): BuildEvent => ({ uuid: 'e1', ...e });

function feed(events: BuildEvent[], start?: BuildView): BuildView | undefined {
  let view = start;
  for (const e of events) view = applyBuildEvent(view, e);
  return view;
}

describe('applyBuildEvent', () => {
  it('follows a build’s status and progress', () => {
    const view = feed([
      ev({ status: 'BUILDING', progress: 0 }),
      ev({ status: 'BUILDING', text: 'Building environment "x"\n', offset: 0 }),
      ev({ status: 'BUILDING', progress: 0.66 }),
      ev({ status: 'BUILDING', text: 'Step 3/3 : RUN setup\n', offset: 25 }),
    ]);
    expect(view).toMatchObject({ status: 'BUILDING', progress: 0.66 });
    expect(applyBuildEvent(view, ev({ status: 'SUCCESS' }))).toMatchObject({ status: 'SUCCESS', progress: 1 });
    expect(applyBuildEvent(view, ev({ status: 'FAILURE' })).progress).toBeUndefined();
  });

  it('tells a new build from the next event of a running one', () => {
    const ended = feed([ev({ status: 'BUILDING', progress: 0.5 }), ev({ status: 'FAILURE' })]);
    expect(startsBuild(ended, ev({ status: 'BUILDING', progress: 0 }))).toBe(true);
    const running = applyBuildEvent(ended, ev({ status: 'BUILDING', progress: 0 }));
    expect(startsBuild(running, ev({ status: 'BUILDING', progress: 0.1 }))).toBe(false);
    expect(startsBuild(undefined, ev({ status: 'SUCCESS' }))).toBe(false);
  });

  it('starts over when the user pressed Build while a finished status was shown', () => {
    const pressed: BuildView = { ...emptyView, status: 'PENDING', progress: 0.9, awaitingStart: true };
    expect(startsBuild(pressed, ev({ status: 'BUILDING' }))).toBe(true);
    const view = applyBuildEvent(pressed, ev({ status: 'BUILDING' }));
    expect(view).toMatchObject({ status: 'BUILDING', awaitingStart: false });
    expect(view.progress).toBeUndefined();
  });
});
