/**
 * @module
 * LISTEN/NOTIFY on a PostgreSQL server: one dedicated connection per process listens (not one
 * per tab); a lost connection (a server restart, `pg_terminate_backend`, a network cut) is
 * re-opened with backoff and LISTENs again, and listeners are told they may have missed
 * notifications. A message is stored and announced by one statement through the app's pool; the
 * messages published while that statement is on its way are stored and announced together by the
 * next one (notify-payload.ts).
 */
import type pg from "pg";
import { pgModule } from "../db/pg-module.js";
import type { Queryable } from "../db/database.js";
import { pushChannelName, type Notifier, type NotifierListener } from "./push-notifier.js";
import { idsOfPayload } from "./notify-payload.js";
import { insertRowsAndNotify, storedTogether, type NewPushRow } from "./push-rows.js";

export interface PgNotifierOptions {
  /** The listening connection's options (listen-settings.ts). */
  readonly connection: pg.ClientConfig;
  /** First wait before reconnecting (doubles up to `maxBackoffMs`); default 100 ms. */
  readonly minBackoffMs?: number;
  /** Default 5,000 ms. */
  readonly maxBackoffMs?: number;
  /** How often the idle connection is checked with a round trip; default 30,000 ms. */
  readonly checkIntervalMs?: number;
  /** Receives connection failures (they are retried, never thrown). */
  readonly onError?: (error: unknown) => void;
}

/**
 * A notifier over one listening connection to a PostgreSQL server.
 * @example
 * const notifier = await PgNotifier.open({ connection: listenConnectionSettings(settings) });
 */
export class PgNotifier implements Notifier {
  readonly #listeners = new Set<NotifierListener>();
  readonly #options: PgNotifierOptions;
  #client: pg.Client | undefined;
  #closed = false;
  #backoffMs: number;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #check: ReturnType<typeof setInterval> | undefined;
  #connecting: Promise<void> | undefined;
  /** Messages stored and announced together, per database handle (the hub stores through one). */
  readonly #store = storedTogether((db, rows) => insertRowsAndNotify(db, rows, pushChannelName));

  private constructor(options: PgNotifierOptions) {
    this.#options = options;
    this.#backoffMs = options.minBackoffMs ?? 100;
  }

  /** Opens the listening connection (retrying in the background when the server is not there yet). */
  static async open(options: PgNotifierOptions): Promise<PgNotifier> {
    const notifier = new PgNotifier(options);
    await notifier.#connect(false);
    notifier.#check = setInterval(() => notifier.#probe(), options.checkIntervalMs ?? 30_000);
    notifier.#check.unref();
    return notifier;
  }

  /** True while the listening connection is open and LISTENing. */
  get listening(): boolean {
    return this.#client !== undefined;
  }

  /**
   * Stores the row and announces it, in one statement with the messages published meanwhile;
   * resolves once that statement has committed (`db` is the hub's own handle, never a caller's
   * transaction).
   */
  async store(db: Queryable, row: NewPushRow): Promise<void> {
    await this.#store(db, row);
  }

  listen(listener: NotifierListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    clearInterval(this.#check);
    this.#listeners.clear();
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #connect(reconnecting: boolean): Promise<void> {
    this.#connecting ??= this.#open(reconnecting).finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #open(reconnecting: boolean): Promise<void> {
    const client = new pgModule.Client(this.#options.connection);
    client.on("notification", (message) => {
      if (message.channel !== pushChannelName) return;
      for (const id of idsOfPayload(message.payload)) for (const listener of [...this.#listeners]) listener.notified(id);
    });
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, undefined));
    try {
      await client.connect();
      await client.query(`LISTEN ${pushChannelName}`);
    } catch (error) {
      client.removeAllListeners("end");
      client.on("error", () => undefined);
      await client.end().catch(() => undefined);
      this.#options.onError?.(error);
      this.#schedule(true);
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#backoffMs = this.#options.minBackoffMs ?? 100;
    // What was committed while no one listened is read again from each listener's last id.
    if (reconnecting) for (const listener of [...this.#listeners]) listener.missed();
  }

  #lost(client: pg.Client, error: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.removeAllListeners("end");
    client.on("error", () => undefined);
    void client.end().catch(() => undefined);
    if (error !== undefined) this.#options.onError?.(error);
    this.#schedule(true);
  }

  #schedule(reconnecting: boolean): void {
    if (this.#closed || this.#retry !== undefined) return;
    const wait = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, this.#options.maxBackoffMs ?? 5000);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect(reconnecting);
    }, wait);
    this.#retry.unref();
  }

  /** A connection cut without a FIN (a dead network) is only noticed by using it. */
  #probe(): void {
    const client = this.#client;
    if (client === undefined) return;
    client.query("select 1").catch((error: unknown) => this.#lost(client, error));
  }
}
