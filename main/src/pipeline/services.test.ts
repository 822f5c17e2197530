import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../common/shell-words.js';
import { parse } from './parse.js';
import { serialize } from './serialize.js';
import { checkServices } from './services.js';

// The shape Orchest's pipeline editor writes (its Streamlit and Redis templates), unknown fields included.
const orchestFile = {
  name: 'dash',
  uuid: 'p-1',
  version: '1.0.0',
  settings: {},
  parameters: {},
  steps: {},
  services: {
    streamlit: {
      name: 'streamlit',
      image: 'environment@c56ab762-539c-4cce-9b1e-c4b00300ec6f',
      command: 'bash',
      args: "-c 'umask 002 && streamlit run /usr/src/app/src/app.py --server.baseUrlPath=$BASE_PATH_PREFIX_8501'",
      binds: { '/project-dir': '/usr/src/app/src' },
      env_variables: { GREETING: 'hi', WORKERS: 2 },
      env_variables_inherit: ['API_TOKEN'],
      ports: [8501],
      preserve_base_path: true,
      requires_authentication: true,
      exposed: true,
      order: 1,
      scope: ['interactive', 'noninteractive'],
    },
    redis: { name: 'redis', image: 'redis', scope: ['interactive'], order: 2 },
  },
};

describe('pipeline services', () => {
  it("reads Orchest's services with defaults filled in and keeps unknown fields on save", () => {
    const text = `${JSON.stringify(orchestFile, null, 4)}\n`;
    const parsed = parse(text);
    expect(parsed.problems).toEqual([]);
    const { services } = checkServices(parsed.pipeline);
    expect(services.map((s) => s.name)).toEqual(['streamlit', 'redis']);
    expect(services[0]).toMatchObject({
      image: 'environment@c56ab762-539c-4cce-9b1e-c4b00300ec6f',
      command: 'bash',
      env: { GREETING: 'hi', WORKERS: '2' },
      inherit: ['API_TOKEN'],
      binds: { project: '/usr/src/app/src' },
      ports: [8501],
      scope: ['interactive', 'noninteractive'],
      preserveBasePath: true,
    });
    expect(services[1]).toMatchObject({ image: 'redis', ports: [], binds: {}, scope: ['interactive'], preserveBasePath: false });
    expect(serialize(parsed.pipeline!, { base: parsed.raw })).toBe(text);
  });

  it('says what is wrong with each service, naming it and the field', () => {
    const bad = {
      ...orchestFile,
      services: {
        a: { image: '', ports: [8501, 8501] },
        b: { image: 'x', ports: ['80'], scope: ['always'] },
        c: { image: 'x', binds: { '/home': '/h', '/data': 'data' } },
        d: { image: 'x', args: "-c 'unclosed" },
        'no spaces': { image: 'x' },
        e: { image: 'x', name: 'other' },
      },
    };
    const { problems } = checkServices(bad);
    const text = problems.map((p) => `${p.severity} ${p.field}: ${p.message}`).join('\n');
    expect(text).toContain('error services.a.image: Service "a"');
    expect(text).toContain('needs an image');
    expect(text).toContain('lists a port twice');
    expect(text).toContain('services.b.ports[0]: Service "b": Field "services.b.ports[0]" should be a number, found the string "80"');
    expect(text).toContain('services.b.scope[0]');
    expect(text).toMatch(/services\.c\.binds.*"\/home"/);
    expect(text).toContain('services.c.binds./data');
    expect(text).toContain('unclosed \' quote');
    expect(text).toContain('The service name "no spaces" should be letters, digits');
    expect(text).toContain('warning services.e.name: Service "e" has the name "other"');
    // They are errors of the pipeline: saving and running say so.
    expect(parse(JSON.stringify(bad)).problems.filter((p) => p.severity === 'error').length).toBeGreaterThanOrEqual(8);
  });

  it('splits args as a shell does', () => {
    expect(splitShellWords(`-c 'umask 002 && streamlit run "my app.py"' --x="a b" \\$HOME "q\\"d"`)).toEqual([
      '-c',
      'umask 002 && streamlit run "my app.py"',
      '--x=a b',
      '$HOME',
      'q"d',
    ]);
    expect(() => splitShellWords('"open')).toThrow('unclosed " quote');
  });
});
