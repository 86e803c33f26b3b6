/**
 * @module
 * Readable text for anything thrown. PGlite's file layer (Emscripten) throws `ErrnoError`
 * objects that are not `Error`s and print as "[object Object]"; this names their errno instead.
 */
import { inspect } from "node:util";

/** Emscripten's errno numbers (the WASI ones) that a data directory can produce. */
const wasiErrnoNames: Readonly<Record<number, string>> = {
  2: "EACCES: permission denied",
  8: "EBADF: bad file descriptor",
  20: "EEXIST: file already exists",
  28: "EINVAL: invalid argument",
  29: "EIO: input/output error",
  31: "EISDIR: is a directory",
  32: "ELOOP: too many symbolic links",
  44: "ENOENT: no such file or directory",
  48: "ENOMEM: out of memory",
  51: "ENOSPC: no space left on device",
  54: "ENOTDIR: not a directory",
  63: "EPERM: operation not permitted",
  69: "EROFS: read-only file system",
};

/** The errno name (`ENOSPC`, ...) of a Node error or an Emscripten ErrnoError, if it has one. */
export function errnoOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { code, errno, name } = value as { code?: unknown; errno?: unknown; name?: unknown };
  if (typeof code === "string" && /^E[A-Z]+$/.test(code)) return code;
  if (name === "ErrnoError" && typeof errno === "number") return wasiErrnoNames[errno]?.split(":")[0];
  return undefined;
}

/**
 * A one-line description of `value`, whatever was thrown.
 * @example
 * thrownText(new Error("boom")); // "boom"
 * thrownText({ name: "ErrnoError", errno: 44 }); // "ErrnoError errno 44 (ENOENT: no such file or directory)"
 */
export function thrownText(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  if (typeof value === "object" && value !== null) {
    const { name, errno, message } = value as { name?: unknown; errno?: unknown; message?: unknown };
    if (name === "ErrnoError" && typeof errno === "number") {
      return `ErrnoError errno ${errno} (${wasiErrnoNames[errno] ?? "unknown errno"}) from PGlite's file layer`;
    }
    if (typeof message === "string" && message !== "") return message;
    return inspect(value, { depth: 2, breakLength: Infinity });
  }
  return String(value);
}
