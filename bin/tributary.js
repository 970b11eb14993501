#!/usr/bin/env node
// The single `tributary` executable (also the container entrypoint). Node 24 runs the TypeScript
// sources directly; this shim exists because npm bins must be plain files.
import { main } from '../libs/cli/src/main.ts';

process.exitCode = await main(process.argv.slice(2));
