/**
 * @module
 * One PGlite instance, kept usable. When PostgreSQL inside PGlite hits a PANIC (the write-ahead
 * log cannot grow on a full disk) or a FATAL error, that instance is finished: the next statement
 * sent to it spins forever and freezes the event loop, and so would PGlite's own ROLLBACK. So
 * every statement goes through one queue here (rather than PGlite's own mutex, where statements
 * already waiting would reach the dead instance), a dead instance is never called again, and a
 * fresh one is opened on the same data directory (PostgreSQL's crash recovery keeps every
 * committed row) once that can succeed, at most every `reopenIntervalMs`.
 */
import { PGlite, type Results } from "@electric-sql/pglite";
import { embeddedMemoryParameters, keepWasmAtBaseline } from "../../../config/embedded-memory.js";
import { DashbaseError } from "../../../errors/dashbase-error.js";
import { withEventLoopAwake } from "../../../runtime/event-loop-awake.js";
import { SerialQueue } from "../../../runtime/serial-queue.js";
import { thrownText } from "../../thrown-text.js";
import { storageProblemOf } from "../../translate-error.js";
import { rawQueryParsers } from "../../type-parsers.js";
import { forgetStatementTypes, runStatement, transactionStarted } from "./statement-pipe.js";

/** What statements run on: the instance itself, or one transaction on it. */
export interface PgliteSession {
  query<T>(text: string, params?: unknown[], options?: Record<string, unknown>): Promise<Results<T>>;
  exec(script: string, options?: Record<string, unknown>): Promise<Results[]>;
}

export interface PgliteInstanceOptions {
  /** The real data directory, or null for an in-memory database (never reopened: it would be empty). */
  dataDir: string | null;
  /** A `dumpDataDir()` tarball for a new, empty data directory. */
  template?: Blob;
  /** How often a dead instance may try to reopen. */
  reopenIntervalMs?: number;
  /** The page cache (`shared_buffers`) in MB; default `defaultEmbeddedMemoryMb`. */
  memoryMb?: number;
  /** false: PGlite's WebAssembly stays at V8's baseline compiler (less memory, slower statements). */
  tierUp?: boolean;
}

const sessions = new WeakMap<PGlite, PgliteSession>();

/**
 * The statements of `client`, one per call: those with parameters in one batch (statement-pipe.ts);
 * a script (migrations, DDL) also drops the statement types kept for it.
 */
function sessionOf(client: PGlite): PgliteSession {
  let session = sessions.get(client);
  if (session === undefined) {
    session = {
      query: (text, params, options) => runStatement(client, text, params, options),
      exec: (script, options) => {
        forgetStatementTypes(client);
        return client.exec(script, options);
      },
    };
    sessions.set(client, session);
  }
  return session;
}

/** PGlite's error severities after which its backend is gone. */
const fatalSeverities = new Set(["PANIC", "FATAL"]);

/** True when `error` leaves the PGlite instance unusable (see the module comment). */
function endsInstance(error: unknown): boolean {
  if (error instanceof WebAssembly.RuntimeError) return true;
  if (typeof error !== "object" || error === null) return false;
  const { severity, name } = error as { severity?: unknown; name?: unknown };
  if (typeof severity === "string") return fatalSeverities.has(severity);
  // Emscripten's ErrnoError and ExitStatus unwind through PostgreSQL's C stack.
  return name === "ErrnoError" || name === "ExitStatus";
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
  private readonly queue = new SerialQueue();
  private client: PGlite | undefined;
  private down: { cause: unknown; lastAttempt: number } | undefined;
  private closed = false;

  private constructor(
    private readonly options: PgliteInstanceOptions,
    client: PGlite,
  ) {
    this.client = client;
  }

  /** Opens the instance; what PGlite throws is passed on as it is (the caller words it). */
  static async open(options: PgliteInstanceOptions): Promise<PgliteInstance> {
    return new PgliteInstance(options, await PgliteInstance.create(options, true));
  }

  private static create(options: PgliteInstanceOptions, first: boolean): Promise<PGlite> {
    // The raw-query parsers are the instance's own, never a per-query option: PGlite merges a
    // per-query `parsers` into a copy of its whole parser table on every statement.
    if (options.tierUp === false) keepWasmAtBaseline();
    // Kept awake: with nothing else pending, Node would wait for V8's recompiles (event-loop-awake.ts).
    return withEventLoopAwake(() =>
      PGlite.create({
        parsers: rawQueryParsers,
        // PGlite's own parameters first: a start parameter list replaces them.
        startParams: [...PGlite.defaultStartParams, ...embeddedMemoryParameters(options.memoryMb)],
        ...(options.dataDir === null ? {} : { dataDir: options.dataDir }),
        ...(first && options.template !== undefined ? { loadDataDir: options.template } : {}),
      }),
    );
  }

  /** Why the instance is down, or undefined while it runs. */
  get downReason(): DashbaseError | undefined {
    return this.down === undefined ? undefined : downError(this.down.cause, this.options.dataDir !== null);
  }

  /** Runs `fn` alone on the instance; a statement that ends the instance marks it down. */
  run<T>(fn: (session: PgliteSession) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      // The running instance without a promise of its own (the common case); live() otherwise.
      const client = this.client ?? (await this.live());
      try {
        return await fn(sessionOf(client));
      } catch (error) {
        this.noteFailure(client, error);
        throw error;
      }
    });
  }

  /**
   * Runs `fn` inside BEGIN ... COMMIT (ROLLBACK when it throws), alone on the instance. The
   * session `fn` gets refuses statements once the instance is down, and no ROLLBACK is sent then.
   */
  transaction<T>(fn: (session: PgliteSession) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      const client = this.client ?? (await this.live());
      const guarded = async <R>(call: () => Promise<R>): Promise<R> => {
        if (this.client !== client) throw downError(this.down?.cause, this.options.dataDir !== null);
        try {
          return await call();
        } catch (error) {
          this.noteFailure(client, error);
          throw error;
        }
      };
      const outside = sessionOf(client);
      const session: PgliteSession = {
        query: (text, params, options) => guarded(() => outside.query(text, params, options)),
        exec: (script, options) => guarded(() => outside.exec(script, options)),
      };
      // Statement types learnt for a schema the transaction changes end with it (statement-pipe.ts).
      const ended = transactionStarted(client);
      await guarded(() => client.exec("BEGIN"));
      let result: T;
      try {
        result = await fn(session);
      } catch (error) {
        // A failed ROLLBACK must not hide why the transaction failed.
        if (this.client === client) await guarded(() => client.exec("ROLLBACK")).catch(() => undefined);
        ended();
        throw error;
      }
      try {
        await guarded(() => client.exec("COMMIT"));
      } finally {
        ended();
      }
      return result;
    });
  }

  async close(): Promise<void> {
    await this.queue.run(async () => {
      if (this.closed) return;
      this.closed = true;
      const client = this.client;
      this.client = undefined;
      // A dead instance is left alone: closing it would send it statements.
      if (client !== undefined) await client.close();
    });
  }

  private noteFailure(client: PGlite, error: unknown): void {
    if (this.client === client && endsInstance(error)) {
      this.client = undefined;
      this.down = { cause: error, lastAttempt: Date.now() };
    }
  }

  /** The running instance, reopening a dead one when its turn to try has come. */
  private async live(): Promise<PGlite> {
    if (this.closed) throw new DashbaseError("DASHBASE_E_DB_CLOSED", "the embedded database was used after close()");
    if (this.client !== undefined) return this.client;
    const down = this.down!;
    const interval = this.options.reopenIntervalMs ?? 2_000;
    if (this.options.dataDir === null || Date.now() - down.lastAttempt < interval) {
      throw downError(down.cause, this.options.dataDir !== null);
    }
    down.lastAttempt = Date.now();
    try {
      this.client = await PgliteInstance.create(this.options, false);
      this.down = undefined;
      return this.client;
    } catch (error) {
      // Still full (PGlite then says only that it failed to initialize): keep the first cause.
      if (storageProblemOf(error) !== undefined) down.cause = error;
      throw downError(down.cause, true);
    }
  }
}
