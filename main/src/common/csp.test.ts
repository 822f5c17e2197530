import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp.js';

const directives = (policy: string) => new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('contentSecurityPolicy', () => {
  it("allows only the app's own origin by default", () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('never allows eval or inline scripts', () => {
    const policy = contentSecurityPolicy(['ws://127.0.0.1:1234']);
    expect(policy).not.toContain('unsafe-eval');
    expect(directives(policy).get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('adds connection sources to connect-src only', () => {
    const base = directives(contentSecurityPolicy());
    const bridge = directives(contentSecurityPolicy(['ws://127.0.0.1:1234']));
    expect(bridge.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:1234']);
    expect(new Map([...bridge].filter(([k]) => k !== 'connect-src'))).toEqual(new Map([...base].filter(([k]) => k !== 'connect-src')));
  });
});
