/**
 * @module
 * How many background threads V8 may use to recompile PGlite's hot functions with its optimising
 * compiler. V8 uses all of its worker threads (four) for that; while `dashbase start` starts the
 * embedded database in production, PostgreSQL's start and the first statements make hundreds of
 * functions hot at once, and on a two-core machine those threads took about half of it from the
 * start itself (issue 15). During the start they are limited to one; a second after the app
 * listens, V8's own limit is back and the rest of the recompiling goes on as before. That took the
 * production start of the embedded flagship from about 2.47 to 2.14 s on two cores.
 */
import v8 from "node:v8";

/** V8's default for `--wasm-num-compilation-tasks` (its worker threads bound it in practice). */
const v8DefaultTasks = 128;

/** Whether the process was started with its own `--wasm-num-compilation-tasks`: then it is left alone. */
function setByUser(): boolean {
  return [...process.execArgv, ...(process.env["NODE_OPTIONS"] ?? "").split(/\s+/)].some((arg) =>
    arg.startsWith("--wasm-num-compilation-tasks"),
  );
}

/**
 * Limits V8's WebAssembly recompiling to one background thread until the returned function is
 * called (process-wide; calling it again does nothing).
 * @example
 * const restore = limitWasmCompileThreads();
 * try { await startTheApp(); } finally { restore(); }
 */
export function limitWasmCompileThreads(): () => void {
  if (setByUser()) return () => undefined;
  v8.setFlagsFromString("--wasm-num-compilation-tasks=1");
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    v8.setFlagsFromString(`--wasm-num-compilation-tasks=${v8DefaultTasks}`);
  };
}
