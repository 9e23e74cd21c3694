/**
 * Opt-in graceful shutdown for processes that own a store (the app's `main`, scripts). The library
 * never installs signal handlers by itself: only the process's entry point knows whether it owns
 * the process.
 *
 * On the first SIGINT/SIGTERM it calls `close()` (for PGlite that flushes the database and releases
 * the data-directory lock), then exits with code 0 (1 if closing failed). A second signal, or
 * `timeoutMs` without `close()` finishing, exits at once with code 1.
 */
export interface SignalHandlerOptions {
  readonly signals?: readonly NodeJS.Signals[];
  /** Force exit if closing takes longer than this (default 10 000 ms). */
  readonly timeoutMs?: number;
  /** Where to report; default `console.error`. */
  readonly log?: (message: string) => void;
  /** How to end the process; default `process.exit`. */
  readonly exit?: (code: number) => void;
}

/** Installs the handlers; returns a function that removes them again. */
export function installSignalHandlers(
  closeable: { close(): Promise<void> },
  options: SignalHandlerOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const log = options.log ?? ((m: string) => console.error(m));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = options.timeoutMs ?? 10_000;
  let shuttingDown = false;

  const handler = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      log(`Received ${signal} again: exiting without waiting for the store to close.`);
      exit(1);
      return;
    }
    shuttingDown = true;
    log(`Received ${signal}: closing the event store…`);
    const timer = setTimeout(() => {
      log(`The event store did not close within ${timeoutMs} ms: exiting.`);
      exit(1);
    }, timeoutMs);
    timer.unref();
    closeable.close().then(
      () => {
        clearTimeout(timer);
        log('Event store closed.');
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        log(`Closing the event store failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
  };

  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
