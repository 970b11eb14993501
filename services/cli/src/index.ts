export { main } from './main.ts';
export { commands } from './commands.ts';
export type { CommandEntry } from './commands.ts';
