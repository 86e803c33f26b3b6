/**
 * @module
 * Readable logs for the development profile: pino-pretty instead of JSON lines, and one line per
 * request (method, path, status, milliseconds) instead of Fastify's two ("incoming request" and
 * "request completed", which say the same thing twice). Production keeps JSON lines.
 */
import type { FastifyInstance, FastifyServerOptions } from "fastify";

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

/**
 * Logs one line per answered request; the server is built with `disableRequestLogging`.
 * @example
 * registerRequestLines(fastify);
 */
export function registerRequestLines(fastify: FastifyInstance): void {
  fastify.addHook("onResponse", async (request, reply) => {
    const line = `${request.method} ${request.url.split("?")[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`;
    if (reply.statusCode >= 500) request.log.error(line);
    else if (reply.statusCode >= 400) request.log.warn(line);
    else request.log.info(line);
  });
}
