/**
 * @module
 * One log line per answered request, written when the answer has gone out, instead of Fastify's
 * two ("incoming request" and "request completed", which say the same thing twice, ~450 bytes
 * each). The line carries the request id (the logger's binding), method, URL, status and time;
 * `DASHBASE_REQUEST_LOG` keeps every line (default), a share of the answered ones, only the
 * refused and failed ones (4xx/5xx), or none. The production logger writes asynchronously
 * (production-logger.ts), so the line costs the request almost nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import type { RequestLogSetting } from "../config/settings.js";

export interface RequestLogOptions {
  setting: RequestLogSetting;
  /** "text": development's readable `POST /path 200 1.2 ms`; "json": fields for a log pipeline. */
  format: "text" | "json";
}

function logJson(request: FastifyRequest, reply: FastifyReply): void {
  // Fastify's field names (reqId is the request logger's binding). The client's address is not
  // logged: once the answer is out its socket may be gone, and behind a proxy it is the proxy's.
  request.log.info(
    {
      req: { method: request.method, url: request.url },
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
    },
    "request completed",
  );
}

function logText(request: FastifyRequest, reply: FastifyReply): void {
  const line = `${request.method} ${request.url.split("?")[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`;
  if (reply.statusCode >= 500) request.log.error(line);
  else if (reply.statusCode >= 400) request.log.warn(line);
  else request.log.info(line);
}

/**
 * Logs one line per answered request; the server is built with Fastify's own request logging
 * disabled (serverOptions does that when `requestLog` is given).
 * @example
 * registerRequestLog(fastify, { setting: { sampleRate: 0.1 }, format: "json" });
 */
export function registerRequestLog(fastify: FastifyInstance, options: RequestLogOptions): void {
  const { setting } = options;
  if (setting === "off") return;
  const log = options.format === "json" ? logJson : logText;
  const rate = setting.sampleRate;
  // A callback hook, not an async one: no promise per request for a line.
  fastify.addHook("onResponse", (request, reply, done) => {
    if (rate >= 1 || reply.statusCode >= 400 || (rate > 0 && Math.random() < rate)) log(request, reply);
    done();
  });
}
