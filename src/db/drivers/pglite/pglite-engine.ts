/**
 * @module
 * What runs the embedded database's statements: PGlite in the thread that calls it
 * (in-thread-pglite.ts, inside the database's own thread) and that thread seen from the app's
 * (pglite-thread.ts, which the instance in pglite-instance.ts uses).
 */
import type { Results } from "@electric-sql/pglite";

export interface PgliteEngineOptions {
  /** The real data directory, or null for an in-memory database. */
  dataDir: string | null;
  /** A `dumpDataDir()` tarball for a new, empty data directory. */
  template?: Blob;
  /** The page cache (`shared_buffers`) in MB; default `defaultEmbeddedMemoryMb`. */
  memoryMb?: number;
  /** false: PGlite's WebAssembly stays at V8's baseline compiler (less memory, slower statements). */
  tierUp?: boolean;
}

export interface PgliteEngine {
  /** One statement, as PGlite's `query(text, params, options)` answers it. */
  query<T>(text: string, params?: unknown[], options?: Record<string, unknown>): Promise<Results<T>>;
  /** A script of statements without parameters (migrations, DDL). */
  exec(script: string, options?: Record<string, unknown>): Promise<Results[]>;
  /** BEGIN. */
  begin(): Promise<void>;
  /** COMMIT, or ROLLBACK when `commit` is false. */
  end(commit: boolean): Promise<void>;
  close(): Promise<void>;
  /** Lets go of an engine whose database died, without sending it anything; settles once it has stopped. */
  abandon(): Promise<void>;
}

/** PGlite's error severities after which its backend is gone. */
const fatalSeverities = new Set(["PANIC", "FATAL"]);

/**
 * True when `error` leaves the engine's PGlite unusable: PostgreSQL's PANIC or FATAL, a trap in
 * its WebAssembly, Emscripten's ErrnoError and ExitStatus (they unwind through PostgreSQL's C
 * stack), or the end of the engine's thread. The next statement sent to such a PGlite would spin
 * forever.
 * @example
 * if (endsEngine(error)) engine.abandon();
 */
export function endsEngine(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError) return true;
  if (typeof error !== "object" || error === null) return false;
  const { severity, name } = error as { severity?: unknown; name?: unknown };
  if (typeof severity === "string") return fatalSeverities.has(severity);
  return name === "ErrnoError" || name === "ExitStatus" || name === threadEndName;
}

/** The name of the error statements get when the engine's thread ended under them. */
export const threadEndName = "EmbeddedThreadEnded";
