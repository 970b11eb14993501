// One way to run a command-line tool (kubectl, helm, podman) and get its stdout: the error names the
// command and carries the end of its stderr, and a missing binary says which setup step provides it.
import { execFile } from 'node:child_process';
import { basename } from 'node:path';

export interface RunToolOptions {
  env?: NodeJS.ProcessEnv;
  /** Written to the tool's stdin. */
  input?: string;
  timeoutMs?: number;
  /** How errors name the call (default: the command and its arguments). */
  label?: string;
  /** Where the binary comes from, for the error when it is missing. */
  providedBy?: string;
}

export function runTool(command: string, args: string[], opts: RunToolOptions = {}): Promise<string> {
  const label = opts.label ?? `${basename(command)} ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 0, maxBuffer: 256 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          const hint = opts.providedBy ? ` (${opts.providedBy} provides it)` : '';
          return reject(new Error(`${basename(command)} is missing${hint}`));
        }
        const last = stderr.trim().split('\n').slice(-6).join('\n');
        reject(new Error(`${label}: ${last || err.message}`));
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}
