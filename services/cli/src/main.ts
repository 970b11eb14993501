import { NotImplementedError, UsageError } from '@tributary/command';
import { commands } from './commands.ts';
import type { CommandEntry } from './commands.ts';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: tributary <command> [options]',
    '',
    'commands:',
    ...rows,
    '',
    'tributary <command> --help shows its options.',
  ].join('\n');
}

/** The longest table entry whose words prefix argv (`worker store` before `worker`). */
function match(argv: string[]): { entry: CommandEntry; rest: string[] } | undefined {
  let best: { entry: CommandEntry; rest: string[] } | undefined;
  for (const entry of commands) {
    const words = entry.name.split(' ');
    if (words.every((w, i) => argv[i] === w) && (!best || words.length > best.entry.name.split(' ').length)) {
      best = { entry, rest: argv.slice(words.length) };
    }
  }
  return best;
}

/** Dispatches `tributary ...`; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    console.log(overview());
    return argv.length === 0 ? 2 : 0;
  }
  const found = match(argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    console.error(
      group.length > 0
        ? `tributary ${argv[0]}: expected one of: ${group.map((c) => c.name.split(' ')[1]).join(', ')}`
        : `tributary: unknown command '${argv[0]}'\n\n${overview()}`,
    );
    return 2;
  }
  const { entry, rest } = found;
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`${command.usage.trim()}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (err) {
    if (err instanceof NotImplementedError) {
      console.error(err.message);
      return 2;
    }
    if (err instanceof UsageError) {
      console.error(`tributary ${entry.name}: ${err.message}\n(see tributary ${entry.name} --help)`);
      return 2;
    }
    console.error(`tributary ${entry.name}: ${(err as Error).stack ?? String(err)}`);
    return 1;
  }
}
