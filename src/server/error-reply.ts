/**
 * @module
 * Turning any error into the wire's error answer `{ error: { code, message, requestId } }`:
 * dashbase errors keep their code and status; Fastify's own (body too large, bad JSON) get
 * dashbase codes; anything else is DASHBASE_E_INTERNAL. In production a 5xx answer carries a
 * generic message: the cause stays in the log under the request id. In development a database
 * failure's answer carries the database's own reason and the fix when known (database-reason.ts).
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { ErrorCode } from "../errors/error-codes.js";
import { maskSecrets } from "../config/mask-secret.js";
import { translateDatabaseError } from "../db/translate-error.js";
import { withDatabaseReason } from "./database-reason.js";

export interface ErrorAnswer {
  status: number;
  body: { error: { code: ErrorCode; message: string; requestId: string; stack?: string } };
  /** The error to log (with its cause), or undefined for a routine 4xx. */
  logAs: "error" | "warn" | "info";
}

interface HttpLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function classify(raw: unknown): { status: number; code: ErrorCode; message: string } {
  // A database failure anywhere (API route, table query, persistence) keeps its own code and status.
  const error = translateDatabaseError(raw);
  if (error instanceof DashbaseError) return { status: error.status, code: error.code, message: error.message };
  const http = (typeof error === "object" && error !== null ? error : {}) as HttpLikeError;
  if (http.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return {
      status: 413,
      code: "DASHBASE_E_BODY_TOO_LARGE",
      message:
        "the request body is larger than the server accepts (server.bodyLimit); send less data, or raise createApp({ server: { bodyLimit } })",
    };
  }
  if (typeof http.statusCode === "number" && http.statusCode >= 400 && http.statusCode < 500) {
    return {
      status: http.statusCode,
      code: http.statusCode === 404 ? "DASHBASE_E_NOT_FOUND" : "DASHBASE_E_BAD_REQUEST",
      message: http.message ?? "bad request",
    };
  }
  return { status: 500, code: "DASHBASE_E_INTERNAL", message: error instanceof Error ? error.message : String(error) };
}

/**
 * The answer for `error`.
 * @example
 * const answer = errorAnswer(error, request.id, settings.profile === "production");
 * reply.code(answer.status).send(answer.body);
 */
export function errorAnswer(error: unknown, requestId: string, production: boolean): ErrorAnswer {
  const { status, code, message } = classify(error);
  const hidden = production && status >= 500;
  const shown = hidden
    ? `the server could not complete this request (${code}); the log has the details under request id ${requestId}`
    : maskSecrets(production ? message : withDatabaseReason(message, error));
  return {
    status,
    body: { error: { code, message: shown, requestId } },
    logAs: status >= 500 ? "error" : status === 404 ? "info" : "warn",
  };
}
