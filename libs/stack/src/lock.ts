// A cross-process lock file (several test processes may call `up` at once).
import { closeSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive, readText } from './proc.ts';

function mtime(file: string): number | undefined {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/**
 * Runs `fn` holding an exclusive lock on `file` (created with O_EXCL, containing our pid). A lock
 * whose holder died is taken over. Waits up to `timeoutMs`, calling `onWait` once.
 */
export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; onWait?: (holder: number) => void } = {},
): Promise<T> {
  // Callers in this process queue up behind each other; the file excludes other processes.
  const previous = inProcess.get(file) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(() => withFileLock(file, fn, opts));
  const settled = mine.catch(() => undefined);
  inProcess.set(file, settled);
  try {
    return await mine;
  } finally {
    if (inProcess.get(file) === settled) inProcess.delete(file);
  }
}

const inProcess = new Map<string, Promise<unknown>>();

async function withFileLock<T>(
  file: string,
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; onWait?: (holder: number) => void },
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15 * 60_000);
  let told = false;
  for (;;) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const text = readText(file);
    const holder = Number(text?.trim());
    if (text !== undefined && (!Number.isInteger(holder) || holder <= 0)) {
      // Created but not yet written (a writer between open and write), or garbage left by a crash.
      if (Date.now() - (mtime(file) ?? Date.now()) > 10_000) rmSync(file, { force: true });
      await sleep(50);
      continue;
    }
    if (text === undefined) continue;
    if (!isAlive(holder)) {
      // The holder died: take the file aside (atomic) and delete it if it still names the dead pid.
      const aside = `${file}.${process.pid}.stale`;
      try {
        renameSync(file, aside);
      } catch {
        continue; // someone else took it aside first
      }
      if (Number(readText(aside)?.trim()) !== holder) renameSync(aside, file); // raced with a new holder
      rmSync(aside, { force: true });
      continue;
    }
    if (holder === process.pid) throw new Error(`lock ${file} is already held by this process`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${file} (held by pid ${holder})`);
    if (!told) {
      opts.onWait?.(holder);
      told = true;
    }
    await sleep(250);
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
