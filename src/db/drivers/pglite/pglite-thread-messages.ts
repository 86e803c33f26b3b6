/**
 * @module
 * The messages between the embedded database's thread (pglite-thread-host.ts) and the thread
 * that uses it (pglite-thread.ts).
 */
import type { CarriedThrown } from "./thrown-across-threads.js";

/** What the thread is started with (its `workerData`). */
export interface ThreadStart {
  dataDir: string | null;
  /** A `dumpDataDir()` tarball's bytes, for a new, empty data directory. */
  template?: ArrayBuffer;
  memoryMb?: number;
  tierUp?: boolean;
}

/** What the app's thread asks of the database's thread. */
export type ThreadCall =
  | { op: "query"; text: string; params: unknown[]; rowMode?: "array" | "object"; orm: boolean }
  | { op: "exec"; script: string }
  | { op: "begin" }
  | { op: "end"; commit: boolean }
  | { op: "close" };

/** A call as posted: numbered, so its answer finds its caller. */
export type ThreadRequest = { id: number } & ThreadCall;

/** The thread's first message: its database opened, or why it could not. */
export type ThreadOpened = { opened: true } | { opened: false; error: CarriedThrown };

export type ThreadAnswer = { id: number; value: unknown } | { id: number; error: CarriedThrown };
