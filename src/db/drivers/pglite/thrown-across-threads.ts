/**
 * @module
 * What the embedded database's thread threw, carried to the thread that asked. A structured clone
 * of an Error keeps only its message and stack: PostgreSQL's SQLSTATE, severity, constraint and
 * column, and the errno of Emscripten's file errors, which the error translation and the instance's
 * recovery read (translate-error.ts, pglite-instance.ts), would be lost. So each thrown value is
 * copied field by field (its causes too) and rebuilt as the same kind of value on the other side.
 */
/** A thrown value as plain data that `postMessage` can copy. */
export interface CarriedThrown {
  kind: "wasm" | "error" | "object" | "value";
  fields: Record<string, unknown>;
  value?: unknown;
  cause?: CarriedThrown;
}

/** How many causes deep a thrown value is carried. */
const maxDepth = 4;

function copyable(value: unknown): boolean {
  return value === null || ["string", "number", "boolean", "bigint", "undefined"].includes(typeof value);
}

/**
 * `thrown` as plain data, its causes included.
 * @example
 * port.postMessage({ id, error: carryThrown(error) });
 */
export function carryThrown(thrown: unknown, depth = 0): CarriedThrown {
  if (typeof thrown !== "object" || thrown === null)
    return { kind: "value", fields: {}, value: copyable(thrown) ? thrown : String(thrown) };
  const fields: Record<string, unknown> = {};
  for (const key of Object.getOwnPropertyNames(thrown)) {
    if (key === "cause") continue;
    const value = (thrown as Record<string, unknown>)[key];
    if (copyable(value)) fields[key] = value;
  }
  // name and message may be inherited (an Error subclass's prototype).
  const { name, message, cause } = thrown as { name?: unknown; message?: unknown; cause?: unknown };
  if (typeof name === "string") fields["name"] = name;
  if (typeof message === "string") fields["message"] = message;
  const kind = thrown instanceof WebAssembly.RuntimeError ? "wasm" : thrown instanceof Error ? "error" : "object";
  return { kind, fields, ...(cause !== undefined && depth < maxDepth ? { cause: carryThrown(cause, depth + 1) } : {}) };
}

/**
 * The value `carryThrown` copied, rebuilt: a WebAssembly RuntimeError, an Error (PGlite's
 * DatabaseError among them: its SQLSTATE and severity are fields) or a plain object with the same
 * fields.
 * @example
 * pending.reject(reviveThrown(answer.error));
 */
export function reviveThrown(carried: CarriedThrown): unknown {
  if (carried.kind === "value") return carried.value;
  const message = typeof carried.fields["message"] === "string" ? carried.fields["message"] : "";
  const revived: object =
    carried.kind === "wasm" ? new WebAssembly.RuntimeError(message) : carried.kind === "error" ? new Error(message) : {};
  Object.assign(revived, carried.fields);
  if (carried.cause !== undefined) Object.assign(revived, { cause: reviveThrown(carried.cause) });
  return revived;
}
