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
 * Marks dashbase's errors so that `instanceof` and `isDashbaseError` recognise them even when two
 * copies of the package are loaded (a nested install, a bundler's duplicate): a class check alone
 * would turn a coded 400 from one copy into a 500 in the other.
 */
const errorBrand = Symbol.for("dashbase.error");

/**
 * @example
 * throw new DashbaseError("DASHBASE_E_DB_BUSY", "no database connection became free within 5000 ms");
 */
export class DashbaseError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [errorBrand]?: unknown })[errorBrand] === true;
  }

  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: DashbaseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DashbaseError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = options.details ?? {};
    Object.defineProperty(this, errorBrand, { value: true });
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** True when `error` is a DashbaseError, optionally of one code. */
export function isDashbaseError(error: unknown, code?: ErrorCode): error is DashbaseError {
  return error instanceof DashbaseError && (code === undefined || error.code === code);
}
