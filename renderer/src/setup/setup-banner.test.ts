import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../main/src/api/pipeline.js';
import type { EngineStatus, SetupState } from '../../../main/src/api/setup.js';
import { setupBanner, type BannerInput } from './setup-banner.js';

const step = (uuid: string, extra: Record<string, string> = {}) => ({
  uuid,
  title: uuid,
  file_path: `${uuid}.py`,
  incoming_connections: [],
  kernel: { name: 'python', display_name: 'Python 3' },
  parameters: {},
  meta_data: { hidden: false, position: [0, 0] as [number, number] },
  ...extra,
});
const pipeline = (...steps: ReturnType<typeof step>[]) =>
  ({ name: 'p', uuid: 'p', version: '1.0.0', settings: {}, parameters: {}, steps: Object.fromEntries(steps.map((s) => [s.uuid, s])) }) as unknown as Pipeline;

const idle: SetupState = { status: 'NONE', image: 'orchest-py:latest' };
const engine = (over: Partial<EngineStatus> = {}): EngineStatus => ({
  reachable: true,
  host: '/var/run/docker.sock',
  version: '20.10.24',
  defaultImage: { name: 'orchest-py:latest', present: false },
  runner: 'docker',
  setup: idle,
  ...over,
});
const input = (over: Partial<BannerInput> = {}): BannerInput => ({ engine: engine(), build: null, startError: null, pipeline: pipeline(step('a')), runner: 'docker', ...over });

describe('setupBanner', () => {
  it('the default image missing and a step needing it: offer the build', () => {
    expect(setupBanner(input())).toEqual({ kind: 'missing-image', image: 'orchest-py:latest' });
  });

  it('nothing when every step has its own environment or image, the image is there, or runs are local', () => {
    expect(setupBanner(input({ pipeline: pipeline(step('a', { environment: 'env-1' }), step('b', { image: 'my:1' })) })).kind).toBe('none');
    expect(setupBanner(input({ engine: engine({ defaultImage: { name: 'orchest-py:latest', present: true } }) })).kind).toBe('none');
    expect(setupBanner(input({ runner: 'local' })).kind).toBe('none');
    expect(setupBanner(input({ pipeline: null })).kind).toBe('none');
  });

  it('a build going on shows, whatever the pipeline', () => {
    const build: SetupState = { status: 'BUILDING', image: 'orchest-py:latest', progress: 0.4 };
    expect(setupBanner(input({ build, pipeline: null }))).toMatchObject({ kind: 'building', build });
  });

  it('a failed build: its reason and the command to run', () => {
    const build: SetupState = { status: 'FAILURE', image: 'orchest-py:latest', message: 'needs root', command: 'sudo orchest image build-offline orchest-py:latest' };
    expect(setupBanner(input({ build }))).toEqual({ kind: 'failed', image: 'orchest-py:latest', message: 'needs root', command: build.command });
    expect(setupBanner(input({ startError: 'Docker went away' }))).toMatchObject({ kind: 'failed', message: 'Docker went away' });
  });

  it('built in this session: ready until dismissed; an image that was there already says nothing', () => {
    const present = engine({ defaultImage: { name: 'orchest-py:latest', present: true } });
    expect(setupBanner(input({ engine: present, build: { status: 'SUCCESS', image: 'orchest-py:latest', method: 'local-base' } })).kind).toBe('ready');
    expect(setupBanner(input({ engine: present, build: { status: 'SUCCESS', image: 'orchest-py:latest', method: 'present' } })).kind).toBe('none');
  });

  it('Docker unreachable: its problem, for any pipeline with steps', () => {
    const problem = { kind: 'not-running' as const, message: 'Docker is not running', hint: 'Start it' };
    const down = engine({ reachable: false, problem, defaultImage: { name: 'orchest-py:latest', present: null } });
    expect(setupBanner(input({ engine: down, pipeline: pipeline(step('a', { environment: 'e' })) }))).toEqual({ kind: 'docker-unreachable', problem });
    expect(setupBanner(input({ engine: down, pipeline: pipeline() })).kind).toBe('none');
  });
});
