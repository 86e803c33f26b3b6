/**
 * The PGlite side of `raw-save-server.ts pglite-worker`: one PGlite on a data directory in a
 * worker thread, running the statements the server's main thread posts ({ id, text, params }) one
 * after another and posting back { id, rows } or { id, error }. With it the raw server's HTTP and
 * JSON work and PostgreSQL's own run on two threads instead of one: the bench prints it beside
 * the one-thread raw server to show what moving the embedded database off the main thread is
 * worth on this machine.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { createUserPreferences } from "./save-table.js";

export interface StatementRequest {
  id: number;
  text: string;
  params: unknown[];
}

export type StatementAnswer = { id: number; rows: Record<string, unknown>[] } | { id: number; error: string };

const port = parentPort!;
// Opened as the one-thread raw server opens it.
const db = await PGlite.create({ dataDir: (workerData as { dataDir: string }).dataDir });
await db.exec(createUserPreferences);
// PGlite runs one statement at a time: its own queue orders what arrives meanwhile.
port.on("message", ({ id, text, params }: StatementRequest) => {
  db.query<Record<string, unknown>>(text, params).then(
    (result) => port.postMessage({ id, rows: result.rows } satisfies StatementAnswer),
    (error: unknown) => port.postMessage({ id, error: String(error) } satisfies StatementAnswer),
  );
});
port.postMessage("ready");
