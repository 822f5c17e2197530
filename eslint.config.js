// Layering rules from docs/architecture.md, enforced in the tests (`npm run lint`).
import tseslint from 'typescript-eslint';

const electronBan = {
  paths: [{ name: 'electron', message: 'Only electron/ may import electron: the core and the renderer run without it.' }],
};

// Renderer tests run in Node and may start the real core in-process (renderer/src/testing/real-core.ts),
// so that store tests check the core's own rules instead of a fake's copy. Production renderer code
// (everything else under renderer/) stays DOM-only and may not import test support.
const rendererTests = ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx', 'renderer/**/testing/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // `import { z }` binds zod's whole namespace object, which no bundler can trim (~430 KB more
      // for the CLI to compile at each start); `import * as z` keeps only what is used.
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier", message: "Import zod as a namespace: import * as z from 'zod'." },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'bin/**/*.js', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: rendererTests,
    rules: {
      // The renderer is DOM only: it reaches the core through its client, and may use only the
      // contract's types and the pure helpers in main/src/common.
      'no-restricted-imports': [
        'error',
        {
          ...electronBan,
          patterns: [
            {
              regex: '^(\\.\\./)+main/src/(?!api/|common/)',
              message: 'The renderer may import only types from main/src/api/ and pure code from main/src/common/.',
            },
            { regex: '^node:', message: 'The renderer runs in a browser: no Node modules.' },
            { regex: '(^|/)testing/', message: 'Test helpers (testing/ folders) are for tests; the app must not import them.' },
            {
              regex: '^(fs|path|child_process|os|dockerode|chokidar|ws)$',
              message: 'The renderer runs in a browser: no Node modules.',
            },
          ],
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+main/src/api/',
              allowTypeImports: true,
              message: 'Import only types from the contract (import type …).',
            },
          ],
        },
      ],
    },
  },
  {
    files: rendererTests,
    rules: { 'no-restricted-imports': ['error', electronBan] },
  },
);
