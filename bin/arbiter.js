#!/usr/bin/env node
// The installed `arbiter` command: the TypeScript CLI (server/cli/index.ts) run through tsx, a dependency.
import { register } from 'tsx/esm/api';

register();
await import('../server/cli/index.ts');
