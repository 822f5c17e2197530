#!/usr/bin/env node
// The `orchest` command. The core is TypeScript run through tsx's loader, so a checkout needs no
// compile step after `npm ci`.
import { register } from 'tsx/esm/api';

register();
await import('../main/src/cli/main.ts');
