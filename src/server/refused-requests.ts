/**
 * @module
 * Answers for requests refused before any route runs: by the router (a URL that is not valid
 * percent-encoding, a path segment over the length limit) and by Node's HTTP parser (an unknown
 * method, conflicting lengths, headers too large, a request that did not arrive in time). They
 * get what every other answer gets: the coded error form, a request id and the security headers.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { ErrorCode } from "../errors/error-codes.js";
import { errorCodes } from "../errors/error-codes.js";
import { securityHeaders } from "./security-headers.js";

function body(code: ErrorCode, message: string, requestId: string): string {
  return JSON.stringify({ error: { code, message, requestId } });
}

/**
 * Fastify's `frameworkErrors`: the router's own refusals, coded.
 * @example
 * Fastify({ frameworkErrors: routerErrorHandler(defaultContentSecurityPolicy) });
 */
export function routerErrorHandler(
  contentSecurityPolicy: string,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const code: ErrorCode = error.code === "FST_ERR_MAX_PARAM_LENGTH" ? "DASHBASE_E_URI_TOO_LONG" : "DASHBASE_E_BAD_REQUEST";
    const message =
      code === "DASHBASE_E_URI_TOO_LONG"
        ? "a part of the path is longer than the server accepts; use a shorter URL"
        : error.code === "FST_ERR_BAD_URL"
          ? "the URL is not valid percent-encoding (a % must be followed by two hex digits of UTF-8)"
          : "the request could not be routed";
    void reply
      .code(errorCodes[code].status)
      .headers({
        ...securityHeaders(contentSecurityPolicy, request.protocol === "https"),
        "x-request-id": request.id,
        "cache-control": "no-store",
      })
      .type("application/json; charset=utf-8")
      .send(body(code, message, request.id));
  };
}

function refusal(error: NodeJS.ErrnoException): { code: ErrorCode; message: string } {
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT")
    return { code: "DASHBASE_E_REQUEST_TIMEOUT", message: "the request did not arrive within the server's request timeout" };
  if (error.code === "HPE_HEADER_OVERFLOW")
    return { code: "DASHBASE_E_HEADERS_TOO_LARGE", message: "the request's headers are larger than the server accepts" };
  return { code: "DASHBASE_E_BAD_REQUEST", message: `the request is not valid HTTP (${String(error.code ?? "parse error").slice(0, 40)})` };
}

/**
 * Node's `clientError`: a request the HTTP parser refused, answered on the raw socket.
 * @example
 * Fastify({ clientErrorHandler: parserErrorHandler(defaultContentSecurityPolicy) });
 */
export function parserErrorHandler(contentSecurityPolicy: string): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection has no one left to answer.
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    if (socket.writable) {
      const { code, message } = refusal(error);
      const status = errorCodes[code].status;
      const requestId = randomUUID();
      const text = body(code, message, requestId);
      const headers = {
        ...securityHeaders(contentSecurityPolicy, false),
        "x-request-id": requestId,
        "cache-control": "no-store",
        "content-type": "application/json; charset=utf-8",
        "content-length": String(Buffer.byteLength(text)),
        connection: "close",
      };
      const head = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join("");
      socket.write(`HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? "Error"}\r\n${head}\r\n${text}`);
    }
    socket.destroy();
  };
}
