/**
 * @module
 * The production logger: JSON lines on stdout, written asynchronously. pino's default writes each
 * line with a synchronous write(2) on the request's path; here lines queue in memory and go out
 * in batches while the event loop is free (sonic-boom, `sync: false`). pino flushes what is
 * queued synchronously when the process exits, crash included, so no line is lost on exit.
 */
import type { FastifyServerOptions } from "fastify";
import pino from "pino";

/**
 * Logger options for a production server: info and above, asynchronous stdout.
 * @example
 * const server = await buildServer({ ..., logger: productionLogger() });
 */
export function productionLogger(): FastifyServerOptions["logger"] {
  return { level: "info", stream: pino.destination({ dest: 1, sync: false }) };
}
