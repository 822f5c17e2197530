/**
 * The UI's Content-Security-Policy, sent as a header by both servers of renderer/dist: Electron's
 * app:// protocol and the bridge of `orchest serve`. Same origin only. Styles allow 'unsafe-inline'
 * because React Flow positions nodes with style attributes; scripts never run inline or through eval.
 */
const DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-src', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The policy; `connect` adds sources to connect-src (the bridge's WebSocket on its port). */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  return DIRECTIVES.map(([name, value]) => `${name} ${name === 'connect-src' ? [value, ...connect].join(' ') : value}`).join('; ');
}
