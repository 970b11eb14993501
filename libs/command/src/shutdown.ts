/**
 * One process-wide AbortSignal for graceful shutdown: aborted on the first SIGTERM or SIGINT.
 * Long-running roles pass it to their loops and servers; a second signal exits at once.
 */
const controller = new AbortController();
let installed = false;

export function shutdownSignal(): AbortSignal {
  if (!installed) {
    installed = true;
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.on(sig, () => {
        if (controller.signal.aborted) process.exit(128 + (sig === 'SIGTERM' ? 15 : 2));
        controller.abort(new Error(`received ${sig}`));
      });
    }
  }
  return controller.signal;
}

/** Runs `fn` once when shutdown starts. */
export function onShutdown(fn: () => void | Promise<void>): void {
  shutdownSignal().addEventListener('abort', () => void fn(), { once: true });
}
