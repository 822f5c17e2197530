// Which packages the bundles (the CLI's, scripts/build-cli.mjs, and the Electron shell's,
// electron/build.mjs) hold, and which load from node_modules at run time.
import path from 'node:path';

/*
 * Both bundles hold every package the core imports, so those are devDependencies; package.json's
 * production `dependencies` are what must be installed for them to run: dockerode, because of the
 * parts of it that stay in node_modules (below). They need gRPC, protobufjs and ssh2, which have
 * native addons (ssh2's crypto binding, cpu-features) and read .proto files next to their sources,
 * so they cannot be bundled; and they are only for a BuildKit session or an ssh:// engine.
 */

/**
 * dockerode's modules that stay in node_modules, each loaded on first use: they are what makes
 * `require('dockerode')` take ~200 ms of CPU (gRPC, protobuf, ssh2), and a run needs none of them.
 * `lazy`: required at the top of `from`, exporting one function: replaced by a function that
 * requires the real module when first called. Not lazy: already required inside a function.
 */
const DOCKERODE_SPLITS = [
  { from: 'dockerode/lib/docker.js', request: './session', module: 'dockerode/lib/session.js', lazy: true },
  { from: 'dockerode/lib/docker.js', request: './buildkit', module: 'dockerode/lib/buildkit.js', lazy: false },
  // docker-modem is dockerode's dependency, not ours: found from dockerode's folder, as dockerode finds it.
  { from: 'docker-modem/lib/modem.js', request: './ssh', module: 'docker-modem/lib/ssh.js', lazy: true, resolveFrom: 'dockerode' },
];

/** Run-time code requiring a split module by package name (the bundle may be moved: no build path in it). */
function requireCode(split) {
  if (!split.resolveFrom) return `require(${JSON.stringify(split.module)})`;
  const base = `require("node:path").dirname(require.resolve(${JSON.stringify(split.resolveFrom)}))`;
  return `require(require.resolve(${JSON.stringify(split.module)}, { paths: [${base}] }))`;
}

/** esbuild plugin doing DOCKERODE_SPLITS; the build fails when one no longer matches dockerode's code. */
export const lazyDockerode = {
  name: 'lazy-dockerode',
  setup(b) {
    const seen = new Set();
    const importerKey = (importer) => importer.split(path.sep).join('/').replace(/^.*\/node_modules\//, '');
    b.onResolve({ filter: /^\.\/(session|buildkit|ssh)$/ }, (args) => {
      const split = DOCKERODE_SPLITS.find((s) => s.request === args.path && importerKey(args.importer) === s.from);
      if (!split) return undefined;
      seen.add(split);
      if (split.lazy) return { path: split.module, namespace: 'lazy-module', pluginData: split };
      if (split.resolveFrom) throw new Error(`lazy-dockerode: ${split.module} must be lazy`);
      return { path: split.module, external: true };
    });
    // What the lazy stand-ins require stays a require() of node_modules.
    b.onResolve({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, (args) => ({
      contents: `let real;\nmodule.exports = function () {\n  real ??= ${requireCode(args.pluginData)};\n  return real.apply(this, arguments);\n};\n`,
      loader: 'js',
    }));
    b.onEnd((result) => {
      if (result.errors.length) return undefined;
      const missing = DOCKERODE_SPLITS.filter((s) => !seen.has(s));
      if (!missing.length) return undefined;
      return { errors: missing.map((s) => ({ text: `lazy-dockerode: ${s.from} no longer requires ${s.request}; update DOCKERODE_SPLITS in scripts/bundle-packages.mjs` })) };
    });
  },
};
