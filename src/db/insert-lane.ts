/**
 * @module
 * Concurrent inserts into one table, sent as one statement: insertRow's (models/prepared-insert.ts,
 * one lane per table and set of columns) and the push channel's messages (push/pg-notifier.ts).
 * While an insert is on its way, the next ones wait, and go together as one multi-row INSERT when
 * it answers: one statement, one commit and one round trip for many callbacks instead of one
 * each, which is most of what an insert costs the database and the driver (issue 15). A lone
 * insert is sent at once, so nothing waits on a timer.
 *
 * Each caller still gets its own row, or its own error. PostgreSQL's executor inserts a VALUES
 * list's rows in the list's order and returns each as it inserts it (its documentation does not
 * promise it; the contract tests check it on every backend). A statement PostgreSQL refused (a
 * check, a unique key, a bad value in one row) committed nothing, so its rows are sent again one
 * by one and only the offending ones fail.
 * An error that is not about a row (the connection, a full disk) goes to every caller, untried
 * again: a statement that might have committed is never sent twice. A caller is answered only
 * after the statement holding its row has committed, as before.
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { DashbaseError } from "../errors/dashbase-error.js";
import { storageProblemOf } from "./translate-error.js";

/** One insert waiting for its turn. */
interface Waiting<Row, Inserted> {
  readonly row: Row;
  resolve(inserted: Inserted): void;
  reject(error: unknown): void;
}

/** Sends `rows` as one statement and returns what it answers for each, in order. */
export type SendRows<Row, Inserted> = (rows: readonly Row[]) => Promise<Inserted[]>;

/**
 * SQLSTATE classes that say nothing about a row's values: the connection (08), the transaction's
 * state, such as a read-only server (25), resources such as a full disk (53), a cancel, a
 * statement timeout or the server shutting down (57), the system (58) and internal errors (XX).
 * Each row alone would fail alike, or load a struggling server more. 40003 says the statement may
 * have completed.
 */
const notAboutRows = new Set(["08", "25", "53", "57", "58", "XX"]);
/** Severities after which a session is gone, its last statement's fate unknown. */
const fatalSeverities = new Set(["FATAL", "PANIC"]);

/**
 * Whether the rows of a failed statement may be sent again one by one to tell whose values failed.
 * Yes when PostgreSQL refused the statement (it reported a SQLSTATE with an ERROR severity:
 * nothing of it committed) for a reason that may be one row's (a constraint, a bad value,
 * row-level security, a trigger's RAISE), or when it was refused before it was sent
 * (`details.sent === false`). Never for an error of the driver or the network: the statement may
 * have committed before the answer was lost.
 */
export function isRowError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth += 1) {
    const { code, severity, details } = current as { code?: unknown; severity?: unknown; details?: { sent?: unknown } };
    if (details?.sent === false) return true;
    if (typeof code === "string" && typeof severity === "string" && /^[0-9A-Z]{5}$/.test(code)) {
      if (fatalSeverities.has(severity) || notAboutRows.has(code.slice(0, 2)) || code === "40003") return false;
      // The embedded database reports a full or read-only disk as 42501 with the file system's
      // words; only for that code is the message read (a row's own text may hold any words).
      return code !== "42501" || storageProblemOf(current) === undefined;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether to resend a failed statement's rows alone; an error that cannot even be inspected is not a row's. */
function resendsAlone(error: unknown): boolean {
  try {
    return isRowError(error);
  } catch {
    return false;
  }
}

/** At most this many rows of a failed statement are sent again at once, each alone. */
const maxResending = 4;

/**
 * The async context lanes send from: the one this module was loaded in, not the context of
 * whichever caller happened to start a sender (that caller's request-scoped state would be kept
 * alive, and seen, by every statement the sender sends after it).
 */
const laneContext = AsyncLocalStorage.snapshot();

/** At most this many statements of one lane on their way at once. */
const maxSending = 4;

/**
 * The inserts of one table and set of columns on one database handle (or the push channel's
 * messages): one statement on its way, the inserts that come meanwhile sent together after it.
 * Another statement starts beside it, up to four, when a full statement's worth of rows waits, or
 * when rows have waited `stallMs` (a statement held up by a lock, a heavy trigger): a slow
 * statement holds up the rows sent with it, and those behind it for `stallMs` (all of them while
 * four are held up); a backlog still spreads over the pool's connections.
 * @example
 * const lane = new InsertLane(sendRows, 32);
 * const inserted = await lane.insert({ title: "First" });
 */
export class InsertLane<Row, Inserted> {
  /** Statements on their way. One measured best: a second sent while few rows wait only splits them. */
  #sending = 0;
  #waiting: Array<Waiting<Row, Inserted>> = [];
  /** Starts another statement once the rows waiting now have waited `stallMs`. */
  #stall: ReturnType<typeof setTimeout> | undefined;

  readonly #stallMs: number;
  readonly #table: { alone: boolean };

  /**
   * `maxRows`: the most rows one statement carries (PostgreSQL takes at most 65,535 parameters).
   * `stallMs`: how long rows wait behind statements on their way before another one starts.
   * `table`: shared by the lanes of one table, set when a statement returned fewer rows than it
   * was sent (a trigger or rule kept some out): that table's rows go alone from then on.
   */
  constructor(
    private readonly send: SendRows<Row, Inserted>,
    private readonly maxRows: number,
    options: { stallMs?: number; table?: { alone: boolean } } = {},
  ) {
    this.#stallMs = options.stallMs ?? 100;
    this.#table = options.table ?? { alone: false };
  }

  /** Inserts `row`, resolving with the inserted row once the statement holding it has committed. */
  insert(row: Row): Promise<Inserted> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ row, resolve, reject });
      if (this.#sending === 0 || (this.#waiting.length >= this.#rowsPerStatement() && this.#sending < maxSending)) {
        laneContext(() => void this.#sendWaiting());
      } else if (this.#stall === undefined && this.#sending < maxSending) {
        this.#stall = laneContext(() =>
          setTimeout(() => {
            this.#stall = undefined;
            if (this.#waiting.length > 0 && this.#sending < maxSending) void this.#sendWaiting();
          }, this.#stallMs),
        );
        this.#stall.unref();
      }
    });
  }

  #rowsPerStatement(): number {
    return this.#table.alone ? 1 : this.maxRows;
  }

  async #sendWaiting(): Promise<void> {
    this.#sending += 1;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, this.#rowsPerStatement());
        if (this.#waiting.length === 0) {
          clearTimeout(this.#stall);
          this.#stall = undefined;
        }
        await this.#sendBatch(batch);
      }
    } finally {
      this.#sending -= 1;
    }
  }

  /** Sends `batch` and settles each of its callers; never throws. */
  async #sendBatch(batch: Array<Waiting<Row, Inserted>>): Promise<void> {
    let inserted: Inserted[];
    try {
      inserted = await this.send(batch.map((waiting) => waiting.row));
      if (!Array.isArray(inserted)) throw new TypeError(`an insert's statement answered ${typeof inserted}, not its rows`);
    } catch (error) {
      if (batch.length === 1 || !resendsAlone(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // Nothing of the statement committed: each row alone shows whose values failed, a few at a
      // time (a bad row among many should not become a burst of statements).
      const rest = [...batch];
      const resendNext = async (): Promise<void> => {
        for (let waiting = rest.shift(); waiting !== undefined; waiting = rest.shift()) await this.#sendBatch([waiting]);
      };
      await Promise.all(Array.from({ length: Math.min(maxResending, rest.length) }, resendNext));
      return;
    }
    if (batch.length === 1) {
      // Alone, as before lanes: what the statement returned, even nothing (a trigger dropped the row).
      batch[0]!.resolve(inserted[0]!);
      return;
    }
    if (inserted.length !== batch.length) {
      this.#table.alone = true;
      const error = new DashbaseError(
        "DASHBASE_E_DB_QUERY",
        `a statement inserting ${batch.length} rows together returned ${inserted.length}: a trigger or rule kept some from being inserted, and the rows returned cannot be told apart (those inserted are stored); inserts into this table now go one by one on this database handle`,
        { details: { rows: batch.length, returned: inserted.length } },
      );
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(inserted[index]!));
  }
}
