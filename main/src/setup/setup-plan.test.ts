import { describe, expect, it } from 'vitest';
import { planSetup, REGISTRY_BASE, type SetupFacts } from './setup-plan.js';

const facts = (over: Partial<SetupFacts> = {}): SetupFacts => ({
  image: 'orchest-py:latest',
  imagePresent: false,
  offlineBasePresent: false,
  registryBase: REGISTRY_BASE,
  registryBasePresent: false,
  dockerCli: true,
  debootstrap: true,
  root: true,
  ...over,
});

describe('planSetup', () => {
  it('does nothing when the image is there', () => {
    expect(planSetup(facts({ imagePresent: true }))).toEqual({ kind: 'present' });
  });

  it('builds on a base the engine has before trying any network', () => {
    expect(planSetup(facts({ offlineBasePresent: true, registryBasePresent: true }))).toMatchObject({ kind: 'build', attempts: [{ method: 'local-base', base: null }] });
    expect(planSetup(facts({ registryBasePresent: true }))).toMatchObject({ kind: 'build', attempts: [{ method: 'local-base', base: REGISTRY_BASE }] });
  });

  it('pulls, then falls back to the offline builder as root with debootstrap', () => {
    const plan = planSetup(facts());
    expect(plan).toMatchObject({ kind: 'build', attempts: [{ method: 'pull', base: REGISTRY_BASE }, { method: 'offline' }] });
  });

  it('without root, only pulls, and names the command to run as root', () => {
    const plan = planSetup(facts({ root: false }));
    expect(plan.kind).toBe('build');
    if (plan.kind !== 'build') return;
    expect(plan.attempts).toEqual([{ method: 'pull', base: REGISTRY_BASE }]);
    expect(plan.ifAllFail.message).toContain('needs root');
    expect(plan.ifAllFail.command).toBe('sudo orchest image build-offline orchest-py:latest');
  });

  it('without debootstrap, says how to install it', () => {
    const plan = planSetup(facts({ debootstrap: false, root: false }));
    if (plan.kind !== 'build') throw new Error(plan.kind);
    expect(plan.ifAllFail.message).toContain('debootstrap, which is not installed');
    expect(plan.ifAllFail.command).toBe('sudo apt-get install -y debootstrap && sudo orchest image build-offline orchest-py:latest');
  });

  it('refuses without the docker command-line tool, naming the install command', () => {
    const plan = planSetup(facts({ dockerCli: false, offlineBasePresent: true }));
    expect(plan).toMatchObject({ kind: 'impossible', refusal: { command: 'sudo apt-get install -y docker.io && orchest setup' } });
  });
});

describe('planSetup failures', () => {
  it('a failed build on a local base has nothing else to offer than retrying', () => {
    const plan = planSetup(facts({ offlineBasePresent: true }));
    if (plan.kind !== 'build') throw new Error(plan.kind);
    expect(plan.ifAllFail).toEqual({ message: 'Building orchest-py:latest failed.' });
  });
});
