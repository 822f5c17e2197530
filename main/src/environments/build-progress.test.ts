import { describe, expect, it } from 'vitest';
import { BuildStepTracker, PullTracker } from './build-progress.js';
import { kernelProbeScript, kernelWarning, parseMissing } from './kernel-check.js';

describe('build progress', () => {
  it('shows the log and moves with "Step k/n"', () => {
    const t = new BuildStepTracker();
    expect(t.update({ stream: 'Step 1/3 : FROM base\n' })).toEqual({ text: 'Step 1/3 : FROM base\n', progress: 0 });
    expect(t.update({ stream: ' ---> 790c427695fa\n' })).toEqual({ text: ' ---> 790c427695fa\n' });
    expect(t.update({ stream: 'Step 3/3 : RUN bash /orchest/setup_script.sh\n' }).progress).toBeCloseTo(2 / 3);
    expect(t.update({ errorDetail: { message: "The command '/bin/sh -c bash' returned a non-zero code: 3" }, error: 'x' }).text).toBe(
      "ERROR: The command '/bin/sh -c bash' returned a non-zero code: 3\n",
    );
  });
});

describe('pull progress', () => {
  it('adds up bytes over layers and keeps per-byte chatter out of the log', () => {
    const t = new PullTracker();
    expect(t.update({ status: 'Pulling from library/python', id: '3.11' }).text).toBe('3.11: Pulling from library/python\n');
    expect(t.update({ status: 'Downloading', id: 'a', progressDetail: { current: 50, total: 100 } })).toEqual({ progress: 0.5 });
    expect(t.update({ status: 'Downloading', id: 'b', progressDetail: { current: 0, total: 300 } })).toEqual({ progress: 50 / 400 });
    const done = t.update({ status: 'Download complete', id: 'a' });
    expect(done).toEqual({ progress: 100 / 400, text: 'a: Download complete\n' });
    expect(t.bytes()).toEqual({ current: 100, total: 400 });
    expect(t.update({ status: 'Pull complete', id: 'b' }).progress).toBe(1);
  });
});

describe('notebook check', () => {
  it('has a probe for python and R, none for languages it does not know', () => {
    expect(kernelProbeScript('python')).toContain('nbclient');
    expect(kernelProbeScript('r')).toContain('IRkernel');
    expect(kernelProbeScript('julia')).toBeNull();
  });

  it('says plainly what is missing and how to add it', () => {
    const missing = parseMissing('missing: nbclient ipykernel\r\nmissing: python-alias\n');
    expect(missing).toEqual(['nbclient', 'ipykernel', 'python-alias']);
    const warning = kernelWarning('python', missing);
    expect(warning).toContain('nbclient, ipykernel are missing');
    expect(warning).toContain('script steps still work');
    expect(warning).toContain('python3-nbclient python3-ipykernel');
    expect(kernelWarning('python', [])).toBeUndefined();
    expect(kernelWarning('r', ['IRkernel'])).toContain('r-cran-irkernel');
    expect(kernelWarning('python', ['python3'])).toContain('python3 is not installed');
  });
});
