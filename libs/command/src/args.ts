import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** What every `tributary <command>` implementation module exports. */
export interface CommandModule {
  /** Help text printed for `--help`. */
  usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/** Bad command-line input: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A role that a later milestone fills in: exits 2 with `not implemented yet: <role>`. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
  constructor(role: string) {
    super(`not implemented yet: ${role}`);
  }
}

/** Strict parseArgs that reports unknown or malformed options as a UsageError. */
export function parseCommandArgs<O extends CommandOptions>(
  argv: string[],
  options: O,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** Placeholder for a role not built yet: `--help` says so, running it exits 2. */
export function notImplemented(role: string): CommandModule {
  return {
    usage: `usage: tributary ${role}\n\n(not implemented yet)`,
    run: () => Promise.reject(new NotImplementedError(role)),
  };
}

/** A `NAMESPACE/NAME` argument (Kubernetes name rules), or a UsageError saying what was expected. */
export function splitNsName(arg: string | undefined): { namespace: string; name: string } {
  const m = /^([a-z0-9][-a-z0-9]*)\/([a-z0-9][-a-z0-9.]*)$/.exec(arg ?? '');
  if (!m) throw new UsageError(`expected NAMESPACE/NAME, got ${JSON.stringify(arg ?? '')}`);
  return { namespace: m[1] as string, name: m[2] as string };
}
