/**
 * @module
 * How one process learns that another stored a push message: a `Notifier` wakes its listeners
 * with the new row's id, and tells them when notifications may have been missed (a reconnect),
 * so they read again from their last id. `memoryNotifier` serves the embedded database, which
 * one process owns; `PgNotifier` (pg-notifier.ts) serves a PostgreSQL server.
 */

/** What a notifier calls. */
export interface NotifierListener {
  /** A message with this id was committed. */
  notified(id: number): void;
  /** Notifications may have been lost (the listening connection was re-opened): read from your last id. */
  missed(): void;
}

export interface Notifier {
  /** Tells every process (this one included) that the message `id` was committed. */
  notify(id: number): Promise<void>;
  /**
   * Set when a NOTIFY on this channel with the message's id is all `notify` does: the hub then
   * sends it in the statement that stores the message, one round trip instead of two.
   */
  readonly notifyChannel?: string;
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
  return {
    notify: async (id) => {
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
