/**
 * @module
 * PGlite in the thread that runs it: opened with dashbase's parsers and memory settings, its
 * statements sent through the statement pipe. The embedded database's own thread runs one
 * (pglite-thread-host.ts).
 */
import { PGlite, type Results } from "@electric-sql/pglite";
import { embeddedMemoryParameters, keepWasmAtBaseline } from "../../../config/embedded-memory.js";
import { withEventLoopAwake } from "../../../runtime/event-loop-awake.js";
import { rawQueryParsers } from "../../type-parsers.js";
import type { PgliteEngine, PgliteEngineOptions } from "./pglite-engine.js";
import { forgetStatementTypes, runStatement, transactionStarted } from "./statement-pipe.js";

/**
 * One PGlite client as a PgliteEngine. Its calls must not overlap: the thread's host sends it one
 * at a time.
 * @example
 * const engine = await InThreadPglite.open({ dataDir: null });
 * const { rows } = await engine.query("select 1 as one");
 */
export class InThreadPglite implements PgliteEngine {
  #ended: (() => void) | undefined;

  private constructor(private readonly client: PGlite) {}

  /** Opens PGlite; what it throws is passed on as it is (the driver words it). */
  static async open(options: PgliteEngineOptions): Promise<InThreadPglite> {
    if (options.tierUp === false) keepWasmAtBaseline();
    // Kept awake: with nothing else pending, Node would wait for V8's recompiles (event-loop-awake.ts).
    const client = await withEventLoopAwake(() =>
      PGlite.create({
        // The raw-query parsers are the client's own, never a per-query option: PGlite merges a
        // per-query `parsers` into a copy of its whole parser table on every statement.
        parsers: rawQueryParsers,
        // PGlite's own parameters first: a start parameter list replaces them.
        startParams: [...PGlite.defaultStartParams, ...embeddedMemoryParameters(options.memoryMb)],
        ...(options.dataDir === null ? {} : { dataDir: options.dataDir }),
        ...(options.template === undefined ? {} : { loadDataDir: options.template }),
      }),
    );
    return new InThreadPglite(client);
  }

  query<T>(text: string, params?: unknown[], options?: Record<string, unknown>): Promise<Results<T>> {
    return runStatement<T>(this.client, text, params, options);
  }

  exec(script: string, options?: Record<string, unknown>): Promise<Results[]> {
    // A script may change the schema: the statement types kept for it go (statement-pipe.ts).
    forgetStatementTypes(this.client);
    return this.client.exec(script, options);
  }

  async begin(): Promise<void> {
    // Statement types learnt for a schema the transaction changes end with it (statement-pipe.ts).
    this.#ended = transactionStarted(this.client);
    await this.client.exec("BEGIN");
  }

  async end(commit: boolean): Promise<void> {
    try {
      await this.client.exec(commit ? "COMMIT" : "ROLLBACK");
    } finally {
      this.#ended?.();
      this.#ended = undefined;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }

  // Nothing to stop: a dead client is simply never called again.
  async abandon(): Promise<void> {}
}
