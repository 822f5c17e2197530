import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Paths from this file, so the build works from any cwd (npm scripts run it from the repo root).
// import.meta.dirname, not node:url: the lint keeps Node modules out of renderer/.
const root = import.meta.dirname;

export default defineConfig({
  root,
  // Relative asset URLs: Electron loads index.html from file://, the bridge serves it at /.
  base: './',
  plugins: [react()],
  build: {
    outDir: `${root}/dist`,
    emptyOutDir: true,
    // The canvas stack (React Flow + elkjs) is large by nature; don't warn about it on every build.
    chunkSizeWarningLimit: 2500,
  },
});
