#!/usr/bin/env node
// The single `tributary` executable (also the container entrypoint). Node 24 runs the TypeScript
// sources directly; this shim exists because npm bins must be plain files.
import { setTimeout } from 'node:timers';
import { main } from '../services/cli/src/main.ts';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A role that failed at start may still hold sockets (a database pool, a watch) that keep the
// process alive with nothing serving: let stderr flush, then exit.
if (code !== 0) setTimeout(() => process.exit(code), 1_000).unref();
