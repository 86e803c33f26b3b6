/**
 * @module
 * The set-up of a deadlock a handle must refuse: a transaction locks `table`, statements sent
 * from outside it (two, so the second waits in its lane behind the first, queued from outside)
 * wait for it, and then the transaction's callback runs `inside`, which uses the outer handle.
 */
import type { Database } from "dashbase";

/**
 * Starts the transaction and the outside statements; `transaction` settles with the callback's
 * outcome, `outside` with the outside statements' results once the transaction has ended.
 * @example
 * const { transaction, outside } = insideWhileOutsideWaits(db, "notes", () => [insertRow(db, notes, a), insertRow(db, notes, b)], () => insertRow(db, notes, c));
 */
export function insideWhileOutsideWaits<T>(
  db: Database,
  table: string,
  sendOutside: () => Array<Promise<T>>,
  inside: () => Promise<unknown>,
): { transaction: Promise<void>; outside: Promise<T[]> } {
  let locked!: () => void;
  const tableLocked = new Promise<void>((resolve) => (locked = resolve));
  let queued!: () => void;
  const outsideQueued = new Promise<void>((resolve) => (queued = resolve));
  // Started here, outside the transaction: its statements go out from outside once the
  // transaction holds the table (PostgreSQL) or the one connection (the embedded database).
  const outside = (async () => {
    await tableLocked;
    const sent = sendOutside();
    queued();
    return Promise.all(sent);
  })();
  const transaction = db.transaction(async (tx) => {
    await tx.query(`lock table ${table} in exclusive mode`);
    locked();
    await outsideQueued;
    await inside();
  });
  return { transaction, outside };
}
