export { UsageError, NotImplementedError, notImplemented, parseCommandArgs, splitNsName } from './args.ts';
export type { CommandModule, CommandOptions } from './args.ts';
export { shutdownSignal, onShutdown } from './shutdown.ts';
export { boolSetting, intSetting } from './settings.ts';
export { retryUntil } from './retry.ts';
