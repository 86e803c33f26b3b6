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
import pino from "pino";

import type { RequestLogSetting } from "../config/settings.js";
import type { LineDestination } from "./production-logger.js";

export interface RequestLogOptions {
  setting: RequestLogSetting;
  /** "text": development's readable `POST /path 200 1.2 ms`; "json": fields for a log pipeline. */
  format: "text" | "json";
  /**
   * The production logger's destination (productionDestinationOf): JSON lines are then written
   * there directly, the same line pino would write, without its per-call serializers and redaction.
   */
  destination?: LineDestination | undefined;
}

type LogLine = (request: FastifyRequest, reply: FastifyReply) => void;

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

/**
 * The JSON line of logJson, put together directly: what pino writes for it (its level, time, the
 * logger's bindings, the request id, the fields, the message, in its order), at a fraction of the
 * cost per request (pino runs every field through serializers and the redaction of request
 * headers, which this line never carries). Only for the production logger, whose options no user
 * has changed. pino is pinned exactly: test/server/production-log-batching.test.ts checks the
 * line's fields, their order, and the pid and hostname taken from pino's bindings.
 */
function jsonLineWriter(fastify: FastifyInstance, destination: LineDestination): LogLine {
  // The root logger's own part of every line (`,"pid":…,"hostname":"…"`), as pino keeps it.
  const bindings = String((fastify.log as unknown as Record<symbol, unknown>)[pino.symbols.chindingsSym] ?? "");
  return (request, reply) => {
    // The method is one of Node's parser's known tokens (letters only): no escaping needed. The
    // time is kept to the microsecond: a double's full 17 digits cost more to print than the line.
    const responseTime = Math.round(reply.elapsedTime * 1000) / 1000;
    destination.write(
      `{"level":30,"time":${Date.now()}${bindings},"reqId":${JSON.stringify(request.id)},"req":{"method":"${request.method}","url":${JSON.stringify(request.url)}},"res":{"statusCode":${reply.statusCode}},"responseTime":${responseTime},"msg":"request completed"}\n`,
    );
  };
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
  const log: LogLine =
    options.format === "text"
      ? logText
      : options.destination !== undefined && fastify.log.level === "info"
        ? jsonLineWriter(fastify, options.destination)
        : logJson;
  const rate = setting.sampleRate;
  // A callback hook, not an async one: no promise per request for a line.
  fastify.addHook("onResponse", (request, reply, done) => {
    if (rate >= 1 || reply.statusCode >= 400 || (rate > 0 && Math.random() < rate)) log(request, reply);
    done();
  });
}
