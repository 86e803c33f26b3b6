/**
 * @module
 * Readable logs for the development profile: pino-pretty instead of JSON lines, with one line per
 * request (method, path, status, milliseconds; request-log.ts). Production keeps JSON lines.
 */
import type { FastifyServerOptions } from "fastify";

/**
 * The logger options of a development server: info and above, pretty-printed to stdout.
 * Loaded on demand so that production never loads pino-pretty.
 * @example
 * const logger = await devLogger(); // buildServer({ ..., logger, requestLines: true })
 */
export async function devLogger(): Promise<FastifyServerOptions["logger"]> {
  const { default: pretty } = await import("pino-pretty");
  return {
    level: "info",
    // sync: a crash right after a log call still shows that line, which is what one debugs.
    stream: pretty({ sync: true, translateTime: "HH:MM:ss", ignore: "pid,hostname,reqId" }),
  };
}
