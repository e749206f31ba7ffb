#!/usr/bin/env node
// The `family-context` command for council IT (ingest, shim-check, audit ...). Runs the TypeScript sources
// through tsx; see server/src/cli/family-context.ts for the commands.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/family-context.ts');
process.exitCode = await main(process.argv.slice(2));
