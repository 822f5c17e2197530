/**
 * After a build: can this image run the notebooks of its language? A probe script prints one
 * "missing: X" line per missing piece (or nothing); the message tells the user what to add.
 * Script steps work without these, so this is a warning, not a failed build.
 */

const PYTHON_MODULES = "import importlib.util as u; m=[x for x in MODS if u.find_spec(x) is None]; print('missing: ' + ' '.join(m)) if m else None";

function pythonModulesCheck(modules: string[]): string {
  const mods = `(${modules.map((m) => `'${m}'`).join(', ')},)`;
  return `python3 -c "MODS=${mods}; ${PYTHON_MODULES}"`;
}

/** Shell script run in a throwaway container; null when we know no check for the language. */
export function kernelProbeScript(language: string): string | null {
  const needPython = "if ! command -v python3 >/dev/null 2>&1; then echo 'missing: python3'; exit 0; fi";
  switch (language.toLowerCase()) {
    case 'python':
      return [needPython, pythonModulesCheck(['nbclient', 'ipykernel']), "command -v python >/dev/null 2>&1 || echo 'missing: python-alias'"].join('\n');
    case 'r':
      return [
        "if ! command -v Rscript >/dev/null 2>&1; then echo 'missing: R'; exit 0; fi",
        `Rscript -e 'if (!requireNamespace("IRkernel", quietly = TRUE)) cat("missing: IRkernel\\n")' 2>/dev/null`,
        needPython,
        pythonModulesCheck(['nbclient']),
      ].join('\n');
    default:
      return null;
  }
}

/** What the probe found missing, from its output. */
export function parseMissing(output: string): string[] {
  const missing: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = /^missing: (.+)$/.exec(line.trim());
    if (m) missing.push(...m[1].split(/\s+/).filter(Boolean));
  }
  return missing;
}

/** A plain-words warning, or undefined when notebooks of this language will run. */
export function kernelWarning(language: string, missing: string[]): string | undefined {
  if (missing.length === 0) return undefined;
  const lang = language.toLowerCase();
  if (missing.includes('python3')) {
    return lang === 'r'
      ? 'Built, but R notebooks cannot run in this image: python3 (with nbclient) is missing. Script steps still work.'
      : 'Built, but python3 is not installed in this image: notebooks, .py steps and the orchest SDK need it. Add it to the setup script (e.g. `apt-get update && apt-get install -y python3`).';
  }
  if (missing.includes('R')) return 'Built, but R is not installed in this image (no Rscript): R notebooks and .R steps cannot run.';
  const parts: string[] = [];
  const pyMods = missing.filter((m) => m === 'nbclient' || m === 'ipykernel');
  if (pyMods.length) {
    parts.push(
      `Notebook steps cannot run in this image: the python module${pyMods.length > 1 ? 's' : ''} ${pyMods.join(', ')} ${pyMods.length > 1 ? 'are' : 'is'} missing (script steps still work). ` +
        `Add to the setup script e.g. \`apt-get update && apt-get install -y ${pyMods.map((m) => `python3-${m}`).join(' ')}\` or \`pip install ${pyMods.join(' ')}\`.`,
    );
  }
  if (missing.includes('IRkernel')) {
    parts.push('R notebooks cannot run in this image: the R package IRkernel is missing. Add e.g. `apt-get update && apt-get install -y r-cran-irkernel` to the setup script.');
  }
  if (missing.includes('python-alias')) parts.push('`python` is not on the PATH (only python3): notebooks that call `python` will fail; e.g. `apt-get install -y python-is-python3`.');
  return parts.length ? `Built with warnings. ${parts.join(' ')}` : undefined;
}
