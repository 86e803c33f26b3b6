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
 * Runs `start` with V8's WebAssembly recompiling limited to one background thread when `limit`
 * is true (process-wide), and gives V8 its own limit back a second after `start` settles, so that
 * the first pages after a start are answered before the recompiling takes the machine.
 * @example
 * const url = await startingWithOneCompileThread(embeddedOptimised, () => listen());
 */
export async function startingWithOneCompileThread<T>(limit: boolean, start: () => Promise<T>): Promise<T> {
  if (!limit || setByUser()) return start();
  v8.setFlagsFromString("--wasm-num-compilation-tasks=1");
  try {
    return await start();
  } finally {
    setTimeout(() => v8.setFlagsFromString(`--wasm-num-compilation-tasks=${v8DefaultTasks}`), 1_000).unref();
  }
}
