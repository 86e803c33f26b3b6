/**
 * @module
 * How one process learns that another stored a push message: a `Notifier` stores the message
 * and wakes every process's listeners with the new row's id, and tells them when notifications may have been missed (a reconnect),
 * so they read again from their last id. `memoryNotifier` serves the embedded database, which
 * one process owns; `PgNotifier` (pg-notifier.ts) serves a PostgreSQL server.
 */
import type { Queryable } from "../db/database.js";
import { insertRows, storedTogether, type NewPushRow } from "./push-rows.js";

/** What a notifier calls. */
export interface NotifierListener {
  /** A message with this id was committed. */
  notified(id: number): void;
  /** Notifications may have been lost (the listening connection was re-opened): read from your last id. */
  missed(): void;
}

export interface Notifier {
  /** Stores a message in `db` and tells every process (this one included) once it is committed. */
  store(db: Queryable, row: NewPushRow): Promise<void>;
  /** Starts calling `listener`; returns the function that stops it. */
  listen(listener: NotifierListener): () => void;
  close(): Promise<void>;
}

/** The channel name of LISTEN/NOTIFY. */
export const pushChannelName = "dashbase_push";

/**
 * A notifier within one process, for the embedded database.
 * @example
 * const notifier = memoryNotifier();
 */
export function memoryNotifier(): Notifier {
  const listeners = new Set<NotifierListener>();
  const storeRow = storedTogether(insertRows);
  return {
    store: async (db, row) => {
      const id = await storeRow(db, row);
      // Listeners run after the sender's await resolves, as they would after a NOTIFY.
      queueMicrotask(() => {
        for (const listener of [...listeners]) listener.notified(id);
      });
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
    },
  };
}
