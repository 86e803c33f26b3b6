/**
 * @module
 * The one error class dashbase throws: a stable `code`, an HTTP `status`, and a message that
 * says what was expected, what was found and how to fix it.
 */
import { errorCodes, type ErrorCode } from "./error-codes.js";

export interface DashbaseErrorOptions {
  /** Structured facts for logs and JSON responses (never secrets). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * @example
 * throw new DashbaseError("DASHBASE_E_DB_BUSY", "no database connection became free within 5000 ms");
 */
export class DashbaseError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: DashbaseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DashbaseError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = options.details ?? {};
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `error` is a DashbaseError, optionally of one code. */
export function isDashbaseError(error: unknown, code?: ErrorCode): error is DashbaseError {
  return error instanceof DashbaseError && (code === undefined || error.code === code);
}
