import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** From package.json, so `orchest --version` and the UI agree with the release. */
export const APP_VERSION: string = (require('../../../package.json') as { version: string }).version;
