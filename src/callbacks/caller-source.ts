/**
 * @module
 * Where in the app's code a dashbase function was called from (file:line), for startup
 * messages that point at the app's line rather than dashbase's. Every frame inside the dashbase
 * package is skipped, however it runs: from its TypeScript sources, from its build (dist/, as an
 * npm user runs it, also under node_modules/dashbase or through a link), or with source maps
 * that point built frames back at src/.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own code folders. This module is `<package>/src/callbacks/caller-source.ts`, or
 * `<package>/dist/callbacks/caller-source.js` once built, so the package is two folders up.
 * The package's tests and examples are not in these folders: their frames count as the app's.
 */
const ownCode: readonly string[] = import.meta.url.startsWith("file:")
  ? ["src", "dist", "bin"].map((folder) => path.join(fileURLToPath(new URL("../../", import.meta.url)), folder) + path.sep)
  : [];

/**
 * The first stack frame outside dashbase, as `file:line` (a file system path); undefined when
 * there is none (a call from dashbase itself, or from node's internals only).
 * @example
 * // in the app's app.ts, line 12: app.callback(...) -> the registry calls callerSource()
 * callerSource(); // "/home/me/project/app.ts:12"
 */
export function callerSource(): string | undefined {
  const lines = new Error().stack?.split("\n").slice(1) ?? [];
  for (const line of lines) {
    const frame = frameLocation(line);
    if (frame !== undefined && !ownCode.some((folder) => frame.file.startsWith(folder))) return `${frame.file}:${frame.line}`;
  }
  return undefined;
}

/**
 * The file and line of one V8 stack line (`    at fn (file:///a/b.js:3:7)` or `    at /a/b.js:3:7`);
 * undefined for frames without a file on disk (`node:` internals, `<anonymous>`, `index 0`, eval).
 */
function frameLocation(line: string): { file: string; line: string } | undefined {
  const text = line.trim().replace(/^at\s+(?:async\s+)?/, "");
  // After a function name the location is in parentheses: the first "(" that starts a path or
  // file URL, since the path itself may hold spaces and parentheses.
  const location = /\(((?:file:|\/|\\\\|[A-Za-z]:[\\/]).*)\)$/.exec(text)?.[1] ?? text;
  const match = /^(.*):(\d+):\d+$/.exec(location);
  if (match === null) return undefined;
  let file = match[1]!;
  if (file.startsWith("file:")) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(file) ? { file, line: match[2]! } : undefined;
}
