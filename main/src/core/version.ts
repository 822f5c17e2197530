// Bundled into the CLI and the shell at build time: `orchest --version` reads no file.
import pkg from '../../../package.json' with { type: 'json' };

/** From package.json, so `orchest --version` and the UI agree with the release. */
export const APP_VERSION: string = pkg.version;
