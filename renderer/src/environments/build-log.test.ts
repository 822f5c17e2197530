import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../../main/src/api/environments.js';
import { applyBuildEvent, capLog, displayLog, mergeLog, type BuildView } from './build-log.js';

const ev = (e: Omit<BuildEvent, 'uuid'>): BuildEvent => ({ uuid: 'e1', ...e });

function feed(events: BuildEvent[], start?: BuildView, joined = false): BuildView | undefined {
  let view = start;
  for (const e of events) view = applyBuildEvent(view, e, joined);
  return view;
}

describe('applyBuildEvent', () => {
  it('accumulates the text of one build and follows its status and progress', () => {
    const view = feed([
      ev({ status: 'BUILDING', progress: 0 }),
      ev({ status: 'BUILDING', text: 'Building environment "x"\n' }),
      ev({ status: 'BUILDING', text: 'Step 1/3 : FROM base\n', progress: 0 }),
      ev({ status: 'BUILDING', progress: 0.66 }),
      ev({ status: 'BUILDING', text: 'Step 3/3 : RUN setup\n' }),
    ]);
    expect(view).toMatchObject({ status: 'BUILDING', progress: 0.66, complete: true });
    expect(view!.log).toBe('Building environment "x"\nStep 1/3 : FROM base\nStep 3/3 : RUN setup\n');
    const done = applyBuildEvent(view, ev({ status: 'SUCCESS' }));
    expect(done).toMatchObject({ status: 'SUCCESS', progress: 1 });
    expect(done.log).toBe(view!.log);
    const failed = applyBuildEvent(view, ev({ status: 'FAILURE' }));
    expect(failed.progress).toBeUndefined();
  });

  it('starts a new log when a new build begins after the last one ended', () => {
    const first = feed([ev({ status: 'BUILDING', text: 'old build\n' }), ev({ status: 'FAILURE', text: 'FAILURE: boom\n' })]);
    expect(first!.log).toBe('old build\nFAILURE: boom\n');
    const second = feed([ev({ status: 'BUILDING', progress: 0 }), ev({ status: 'BUILDING', text: 'new build\n' })], first);
    expect(second!.log).toBe('new build\n');
    expect(second!.status).toBe('BUILDING');
  });

  it('starts over when the user pressed Build while a finished status was shown', () => {
    const pressed: BuildView = { status: 'PENDING', log: 'previous log\n', complete: true, awaitingStart: true };
    const view = applyBuildEvent(pressed, ev({ status: 'BUILDING', text: 'fresh\n' }));
    expect(view.log).toBe('fresh\n');
    expect(view.complete).toBe(true);
    expect(view.awaitingStart).toBe(false);
  });

  it('marks a build joined midway as incomplete (its beginning is in the log file)', () => {
    const view = feed([ev({ status: 'BUILDING', text: 'Step 2/3\n' })], undefined, true);
    expect(view).toMatchObject({ status: 'BUILDING', complete: false, log: 'Step 2/3\n' });
  });

  it('keeps only the tail of a huge log, from a line start', () => {
    let view: BuildView | undefined;
    for (let i = 0; i < 100; i++) view = applyBuildEvent(view, ev({ status: 'BUILDING', text: `line ${i}\n` }), false, 60);
    expect(view!.log.startsWith('[… earlier output cut …]\n')).toBe(true);
    expect(view!.log.endsWith('line 99\n')).toBe(true);
    expect(view!.log).not.toContain('line 1\n');
    expect(capLog('short', 60)).toBe('short');
  });
});

describe('mergeLog', () => {
  it('drops what the file and the streamed text have in common', () => {
    expect(mergeLog('a\nb\nc\n', 'c\nd\n')).toBe('a\nb\nc\nd\n');
    expect(mergeLog('a\nb\n', 'a\nb\n')).toBe('a\nb\n');
    expect(mergeLog('a\n', 'x\n')).toBe('a\nx\n');
    expect(mergeLog('', 'x\n')).toBe('x\n');
    expect(mergeLog('file\n', '')).toBe('file\n');
  });
});

describe('displayLog', () => {
  it('strips colours and shows only the last version of a line rewritten with \\r', () => {
    expect(displayLog('\x1b[31mred\x1b[0m plain\n')).toBe('red plain\n');
    expect(displayLog('10%\r50%\r100%\ndone\r\n')).toBe('100%\ndone\n');
    expect(displayLog('\x1b]0;title\x07text')).toBe('text');
  });
});
