/**
 * @module
 * A Fastify server of its own for one app (the easy path behind `createServer()` and `listen()`):
 * request ids, structured logs with secrets redacted, the body limit and proxy trust, and
 * dashbase's routes at the root.
 */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { registerDashbaseRoutes, type DashbaseRoutesOptions } from "./dashbase-routes-plugin.js";

export interface BuildServerOptions extends DashbaseRoutesOptions {
  bodyLimit?: number | undefined;
  logger?: FastifyServerOptions["logger"];
  trustProxy?: boolean | undefined;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** Secrets that must never reach a log line, even when someone logs whole requests. */
const redactPaths = ["req.headers.cookie", 'req.headers["x-dashbase-csrf"]', "req.headers.authorization", 'res.headers["set-cookie"]'];

function loggerOption(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (logger === false || logger === undefined) return logger ?? false;
  const base = logger === true ? {} : logger;
  return { level: "info", redact: redactPaths, ...base };
}

/** Fastify's instance options for a dashbase server: also what a host server should use when mounting dashbase. */
export function serverOptions(options: Pick<BuildServerOptions, "bodyLimit" | "logger" | "trustProxy">): FastifyServerOptions {
  return {
    logger: loggerOption(options.logger),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  };
}

/**
 * Builds (does not start) the server; `server.inject()` exercises it without a port.
 * @example
 * const server = await buildServer({ core, client, assets: undefined, production: false });
 * const answer = await server.inject({ method: "GET", url: "/_dashbase/health" });
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const server = Fastify(serverOptions(options));
  await registerDashbaseRoutes(server, options);
  return server;
}
