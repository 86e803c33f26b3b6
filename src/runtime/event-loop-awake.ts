/**
 * @module
 * Waiting on V8 without stalling on its background work. When Node's event loop has nothing left
 * to wait for (no timer, socket or file operation) while a promise is still pending on V8 itself,
 * as PGlite's `WebAssembly` compile is, Node finishes every task queued on V8's background
 * threads before it goes on (NodePlatform::DrainTasks). PGlite's start queues hundreds of
 * optimising recompiles there, so the main thread sat idle for 250-450 ms after `PGlite.create`
 * whenever nothing else was pending (issue 15: a plain `PGlite.create` then one `setImmediate`
 * took 0.7-0.9 s instead of 0.5 s). A timer kept alive meanwhile keeps the loop turning.
 */

/** The longest delay Node's timers take without a warning. */
const longestDelayMs = 2 ** 31 - 1;

/**
 * Runs `work` with the event loop kept alive until it settles, so Node never stops to finish V8's
 * background tasks in between.
 * @example
 * const client = await withEventLoopAwake(() => PGlite.create({ dataDir }));
 */
export async function withEventLoopAwake<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => undefined, longestDelayMs);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
