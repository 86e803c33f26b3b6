/**
 * @module
 * One PGlite instance, kept usable. When PostgreSQL inside PGlite hits a PANIC (the write-ahead
 * log cannot grow on a full disk) or a FATAL error, that instance is finished: the next statement
 * sent to it spins forever (on the caller's thread, the event loop freezes), and so would PGlite's
 * own ROLLBACK. So a dead engine is never sent anything again (its thread is stopped), statements
 * already on their way to it are refused, and a fresh one is opened on the same data directory
 * (PostgreSQL's crash recovery keeps every committed row) once that can succeed, at most every
 * `reopenIntervalMs`. PGlite runs on a worker thread of its own (pglite-thread.ts), which runs
 * statements one at a time in the order sent: a statement is sent at once, unless a transaction
 * holds the instance (or waits for it), and then it waits its turn in the instance's queue.
 */
import type { Results } from "@electric-sql/pglite";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import { SerialQueue } from "../../../runtime/serial-queue.js";
import { thrownText } from "../../thrown-text.js";
import { storageProblemOf } from "../../translate-error.js";
import { endsEngine, type PgliteEngine, type PgliteEngineOptions } from "./pglite-engine.js";
import { PgliteThread } from "./pglite-thread.js";

/** What statements run on: the instance itself, or one transaction on it. */
export interface PgliteSession {
  query<T>(text: string, params?: unknown[], options?: Record<string, unknown>): Promise<Results<T>>;
  exec(script: string, options?: Record<string, unknown>): Promise<Results[]>;
}

export interface PgliteInstanceOptions extends PgliteEngineOptions {
  /** How often a dead instance may try to reopen. */
  reopenIntervalMs?: number;
  /** What opens the engine: PGlite on a thread of its own unless a test gives another. */
  openEngine?: (options: PgliteEngineOptions) => Promise<PgliteEngine>;
}

/** The error every statement gets while the instance is down. */
function downError(cause: unknown, reopens: boolean): DashbaseError {
  const reason = thrownText(cause);
  const storage = storageProblemOf(cause);
  const then = reopens ? "it reopens by itself once that is fixed, without a restart (reads fail too until then)" : "restart the app";
  if (storage === "full") {
    return new DashbaseError(
      "DASHBASE_E_DB_STORAGE_FULL",
      `the embedded database stopped: its storage is full (${reason}); free disk space: ${then}`,
      {
        cause,
        details: { storage },
      },
    );
  }
  if (storage === "read-only") {
    return new DashbaseError(
      "DASHBASE_E_DB_READ_ONLY",
      `the embedded database stopped: its storage is read-only (${reason}); make the data directory writable: ${then}`,
      {
        cause,
        details: { storage },
      },
    );
  }
  return new DashbaseError(
    "DASHBASE_E_DB_UNREACHABLE",
    `the embedded database stopped after a fatal error (${reason}); ${reopens ? "it reopens by itself on a later statement" : "an in-memory database cannot be reopened: restart the app"}`,
    { cause },
  );
}

/**
 * A PGlite instance that survives its own PANICs.
 * @example
 * const instance = await PgliteInstance.open({ dataDir: "/srv/app/data" });
 * const { rows } = await instance.run((session) => session.query("select 1 as one"));
 */
export class PgliteInstance {
  /** Transactions, and statements that wait for one or for a reopen, run through this in turn. */
  private readonly queue = new SerialQueue();
  /** How many calls are in the queue or running from it. */
  private queued = 0;
  private engine: PgliteEngine | undefined;
  private down: { cause: unknown; lastAttempt: number; stopped: Promise<void> } | undefined;
  private closed = false;

  private constructor(
    private readonly options: PgliteInstanceOptions,
    engine: PgliteEngine,
  ) {
    this.engine = engine;
  }

  /** Opens the instance; what PGlite throws is passed on as it is (the caller words it). */
  static async open(options: PgliteInstanceOptions): Promise<PgliteInstance> {
    return new PgliteInstance(options, await PgliteInstance.create(options, true));
  }

  private static create(options: PgliteInstanceOptions, first: boolean): Promise<PgliteEngine> {
    const { reopenIntervalMs: _interval, openEngine = PgliteThread.open, template, ...engineOptions } = options;
    // The template only seeds the first opening: a reopened directory holds the data since.
    return openEngine(first && template !== undefined ? { ...engineOptions, template } : engineOptions);
  }

  /** Why the instance is down, or undefined while it runs. */
  get downReason(): DashbaseError | undefined {
    return this.down === undefined ? undefined : downError(this.down.cause, this.options.dataDir !== null);
  }

  /**
   * Runs `fn`'s one statement on the instance; a statement that ends the instance marks it down.
   * With nothing queued (no transaction holds the instance) it is sent at once, while the ones sent
   * before it still run: the thread runs them in the order sent. So `fn` must send its statement
   * straight away, before it awaits anything: a statement sent later could land inside a
   * transaction begun meanwhile (use `transaction()` for several).
   */
  run<T>(fn: (session: PgliteSession) => Promise<T>): Promise<T> {
    const engine = this.engine;
    if (engine !== undefined && this.queued === 0) return this.runOn(engine, fn);
    return this.exclusive(async () => this.runOn(this.engine ?? (await this.live()), fn));
  }

  /**
   * Runs `fn` inside BEGIN ... COMMIT (ROLLBACK when it throws), alone on the instance. The
   * session `fn` gets refuses statements once the instance is down, and no ROLLBACK is sent then.
   */
  transaction<T>(fn: (session: PgliteSession) => Promise<T>): Promise<T> {
    return this.exclusive(async () => {
      const engine = this.engine ?? (await this.live());
      const guarded = <R>(call: () => Promise<R>): Promise<R> => {
        if (this.engine !== engine) return Promise.reject(downError(this.down?.cause, this.options.dataDir !== null));
        return this.guard(engine, call);
      };
      const session: PgliteSession = {
        query: (text, params, options) => guarded(() => engine.query(text, params, options)),
        exec: (script, options) => guarded(() => engine.exec(script, options)),
      };
      await guarded(() => engine.begin());
      let result: T;
      try {
        result = await fn(session);
      } catch (error) {
        // A failed ROLLBACK must not hide why the transaction failed.
        if (this.engine === engine) await guarded(() => engine.end(false)).catch(() => undefined);
        throw error;
      }
      await guarded(() => engine.end(true));
      return result;
    });
  }

  async close(): Promise<void> {
    await this.exclusive(async () => {
      if (this.closed) return;
      this.closed = true;
      const engine = this.engine;
      this.engine = undefined;
      // A dead engine is left alone: closing it would send it statements.
      if (engine !== undefined) await engine.close();
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.queued += 1;
    return this.queue.run(task).finally(() => {
      this.queued -= 1;
    });
  }

  private runOn<T>(engine: PgliteEngine, fn: (session: PgliteSession) => Promise<T>): Promise<T> {
    return this.guard(engine, () =>
      fn({
        query: (text, params, options) => engine.query(text, params, options),
        exec: (script, options) => engine.exec(script, options),
      }),
    );
  }

  /**
   * Runs `call` on `engine`; a failure that ends it marks the instance down. A statement that was
   * already on its way when another ended the engine gets the instance's down error.
   */
  private async guard<T>(engine: PgliteEngine, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (this.engine !== engine && this.down !== undefined && !this.closed)
        throw downError(this.down.cause, this.options.dataDir !== null);
      if (this.engine === engine && endsEngine(error)) {
        this.engine = undefined;
        // A reopen waits for the dead engine's thread to stop: two must never share the directory.
        this.down = { cause: error, lastAttempt: Date.now(), stopped: engine.abandon().catch(() => undefined) };
      }
      throw error;
    }
  }

  /** The running engine, reopening a dead one when its turn to try has come. */
  private async live(): Promise<PgliteEngine> {
    if (this.closed) throw new DashbaseError("DASHBASE_E_DB_CLOSED", "the embedded database was used after close()");
    if (this.engine !== undefined) return this.engine;
    const down = this.down!;
    const interval = this.options.reopenIntervalMs ?? 2_000;
    if (this.options.dataDir === null || Date.now() - down.lastAttempt < interval) {
      throw downError(down.cause, this.options.dataDir !== null);
    }
    down.lastAttempt = Date.now();
    await down.stopped;
    try {
      this.engine = await PgliteInstance.create(this.options, false);
      this.down = undefined;
      return this.engine;
    } catch (error) {
      // Still full (PGlite then says only that it failed to initialize): keep the first cause.
      if (storageProblemOf(error) !== undefined) down.cause = error;
      throw downError(down.cause, true);
    }
  }
}
