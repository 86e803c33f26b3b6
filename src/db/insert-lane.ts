/**
 * @module
 * Concurrent inserts into one table, sent as one statement: insertRow's (models/prepared-insert.ts,
 * one lane per table and set of columns) and the push channel's messages (push/pg-notifier.ts).
 * While an insert is on its way, the next ones wait, and go together as one multi-row INSERT when
 * it answers: one statement, one commit and one round trip for many callbacks instead of one
 * each, which is most of what an insert costs the database and the driver (issue 15). A lone
 * insert is sent at once, so nothing waits on a timer.
 *
 * Each caller still gets its own row, or its own error: PostgreSQL returns a VALUES list's rows in
 * the list's order, and a statement PostgreSQL refused (a check, a unique key, a bad value in one
 * row) committed nothing, so its rows are sent again one by one and only the offending ones fail.
 * An error that is not about a row (the connection, a full disk) goes to every caller, untried
 * again: a statement that might have committed is never sent twice. A caller is answered only
 * after the statement holding its row has committed, as before.
 */

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
 * state, such as a read-only server (25), resources such as a full disk (53), a cancel or a
 * timeout (57), the system (58) and internal errors (XX). Each row alone would fail alike, or
 * load a struggling server more.
 */
const notAboutRows = new Set(["08", "25", "53", "57", "58", "XX"]);

/** The SQLSTATE of an error PostgreSQL reported (it carries a severity too), looking through a wrapper's `cause`. */
function reportedSqlstate(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth += 1) {
    const { code, severity } = current as { code?: unknown; severity?: unknown };
    if (typeof code === "string" && typeof severity === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Whether sending the rows of a failed statement one by one tells whose values failed: PostgreSQL
 * refused the statement (so nothing of it committed) for a reason that may be one row's (a
 * constraint, a bad value, row-level security, a trigger's RAISE). An error of the driver or the
 * network never qualifies: the statement may have committed before the answer was lost.
 */
export function isRowError(error: unknown): boolean {
  const sqlstate = reportedSqlstate(error);
  return sqlstate !== undefined && !notAboutRows.has(sqlstate.slice(0, 2));
}

/**
 * More statements a lane may have on their way at once, each started only when a full
 * statement's worth of rows waits: a backlog of slow inserts (a heavy trigger) still spreads over
 * the pool's connections as single inserts did.
 */
const maxSending = 4;

/**
 * The inserts of one table and set of columns on one database handle: one statement on its way,
 * the inserts that come meanwhile sent together after it.
 * @example
 * const lane = new InsertLane(sendRows, 32);
 * const inserted = await lane.insert({ title: "First" });
 */
export class InsertLane<Row, Inserted> {
  /**
   * Statements on their way. One at a time measured best: a second one sent while too few rows
   * wait would take them in smaller statements for nothing.
   */
  #sending = 0;
  #waiting: Array<Waiting<Row, Inserted>> = [];

  /** `maxRows`: the most rows one statement carries (PostgreSQL takes at most 65,535 parameters). */
  constructor(
    private readonly send: SendRows<Row, Inserted>,
    private readonly maxRows: number,
  ) {}

  /** Inserts `row`, resolving with the inserted row once the statement holding it has committed. */
  insert(row: Row): Promise<Inserted> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ row, resolve, reject });
      if (this.#sending === 0 || (this.#waiting.length >= this.maxRows && this.#sending < maxSending)) void this.#sendWaiting();
    });
  }

  async #sendWaiting(): Promise<void> {
    this.#sending += 1;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.maxRows);
      await this.#sendBatch(batch);
    }
    this.#sending -= 1;
  }

  async #sendBatch(batch: Array<Waiting<Row, Inserted>>): Promise<void> {
    let inserted: Inserted[];
    try {
      inserted = await this.send(batch.map((waiting) => waiting.row));
    } catch (error) {
      if (batch.length === 1 || !isRowError(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      // Nothing of the statement committed: each row alone shows whose values failed.
      for (const waiting of batch) await this.#sendBatch([waiting]);
      return;
    }
    if (inserted.length !== batch.length) {
      const error = new Error(`a batched insert of ${batch.length} rows returned ${inserted.length}`);
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => waiting.resolve(inserted[index]!));
  }
}
