/**
 * @module
 * A Fastify server of its own for one app (the easy path behind `createServer()` and `listen()`):
 * request ids, structured logs with secrets redacted (one line per request, request-log.ts), the body limit and proxy trust, and
 * dashbase's routes at the root.
 */
import { randomUUID } from "node:crypto";
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { csrfHeader } from "../protocol/endpoints.js";
import { registerDashbaseRoutes, type DashbaseRoutesOptions } from "./dashbase-routes-plugin.js";
import { parserErrorHandler, routerErrorHandler } from "./refused-requests.js";
import { defaultContentSecurityPolicy } from "./security-headers.js";
import type { RequestLogSetting } from "../config/settings.js";
import { registerRequestLog } from "./request-log.js";
import { productionDestinationOf } from "./production-logger.js";
import { withoutSourceMaps } from "../runtime/without-source-maps.js";
import { lazySchemaCompilers } from "./lazy-schema-compilers.js";

/** How long a request may take to arrive, and an idle connection may stay open. */
export interface ServerTimeouts {
  /** The whole request, headers and body, must arrive within this (default 30,000 ms); then 408. */
  requestTimeoutMs?: number | undefined;
  /** The headers must arrive within this (default 10,000 ms, at most requestTimeoutMs). */
  headersTimeoutMs?: number | undefined;
  /** An idle keep-alive connection is closed after this (default 72,000 ms, above common load balancers' 60 s). */
  keepAliveTimeoutMs?: number | undefined;
}

export interface InstanceOptions extends ServerTimeouts {
  bodyLimit?: number | undefined;
  logger?: FastifyServerOptions["logger"];
  trustProxy?: boolean | undefined;
  contentSecurityPolicy?: string | undefined;
  /** The longest path segment the router accepts (default 100); a longer one gets 414. */
  maxParamLength?: number | undefined;
  /** Request log lines as development's readable text (method, path, status, ms) rather than JSON fields. */
  requestLines?: boolean | undefined;
  /**
   * Which requests get a log line (one per request, written after the answer; default every one).
   * Given, Fastify's own two lines per request are off; `buildServer` always gives it.
   */
  requestLog?: RequestLogSetting | undefined;
}

export interface BuildServerOptions extends DashbaseRoutesOptions, InstanceOptions {}

/** The documented defaults of ServerTimeouts. */
export const defaultTimeouts = { requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 72_000 } as const;

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** Secrets that must never reach a log line, even when someone logs whole requests. */
const redactPaths = ["req.headers.cookie", `req.headers["${csrfHeader}"]`, "req.headers.authorization", 'res.headers["set-cookie"]'];

function loggerOption(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (logger === false || logger === undefined) return logger ?? false;
  const base = logger === true ? {} : logger;
  return { level: "info", redact: redactPaths, ...base };
}

/**
 * Fastify's instance options for a dashbase server: also what a host server should use when
 * mounting dashbase, so that requests refused before any route (bad URLs, slow or malformed
 * requests) are answered in dashbase's coded form and cannot hold a connection open for ever.
 * @example
 * const fastify = Fastify(serverOptions({ logger: true, requestTimeoutMs: 60_000 }));
 */
export function serverOptions(
  options: InstanceOptions = {},
): FastifyServerOptions & { http: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number } } {
  const csp = options.contentSecurityPolicy ?? defaultContentSecurityPolicy;
  const requestTimeout = options.requestTimeoutMs ?? defaultTimeouts.requestTimeoutMs;
  const headersTimeout = Math.min(options.headersTimeoutMs ?? defaultTimeouts.headersTimeoutMs, requestTimeout);
  return {
    logger: loggerOption(options.logger),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    requestTimeout,
    keepAliveTimeout: options.keepAliveTimeoutMs ?? defaultTimeouts.keepAliveTimeoutMs,
    routerOptions: { maxParamLength: options.maxParamLength ?? 100 },
    // Node checks request and header deadlines on this interval: keep it well under the timeouts.
    http: { requestTimeout, headersTimeout, connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(headersTimeout / 4))) },
    frameworkErrors: routerErrorHandler(csp),
    clientErrorHandler: parserErrorHandler(csp),
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
    ...(options.requestLines === true || options.requestLog !== undefined
      ? { logController: new LogController({ disableRequestLogging: true }) }
      : {}),
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
  const requestLog = options.requestLog ?? { sampleRate: 1 };
  // Fastify's schema compilers load only if a route ever has a schema (none of dashbase's has).
  const server = withoutSourceMaps(() =>
    Fastify({ ...serverOptions({ ...options, requestLog }), schemaController: { compilersFactory: lazySchemaCompilers } }),
  );
  // Without a logger, request.log is a no-op: no hook at all then.
  if (options.logger !== false && options.logger !== undefined)
    registerRequestLog(server, {
      setting: requestLog,
      format: options.requestLines === true ? "text" : "json",
      destination: productionDestinationOf(options.logger),
    });
  await registerDashbaseRoutes(server, options);
  return server;
}
