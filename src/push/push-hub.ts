/**
 * @module
 * `PushHub`, the server side of the push channel in one process: `send` to a tab or to each tab
 * of an owner, `publish` to a topic, and the streams of this process's tabs. Messages are rows of
 * `dashbase_push` first, so any process may send; a notifier wakes every process, which reads the
 * new rows once and hands each to its local streams that want it. A stream resumes after the last
 * id it delivered, and a fresh one (a new page load) first receives what its owner's gone tabs
 * never did.
 */
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { ensureInternalSchema } from "../models/internal-tables.js";
import {
  checkTopicName,
  deliveredOf,
  payloadText,
  type DeliveredMessage,
  type PushMessage,
  type PushRow,
  type PushTarget,
} from "./push-message.js";
import type { Notifier } from "./push-notifier.js";
import {
  allRowsAfter,
  claimUndelivered,
  markDelivered,
  newestId,
  pruneRows,
  rowMatches,
  rowsAfter,
  rowsById,
  type StreamFilter,
} from "./push-rows.js";

export interface PushHubOptions {
  readonly db: Database;
  readonly notifier: Notifier;
  /** Messages older than this are deleted (default 10 minutes): a tab away longer starts afresh. */
  readonly retentionMs?: number;
  /** How often old messages are deleted; default 60,000 ms. */
  readonly pruneIntervalMs?: number;
  /** Receives failures of the background reads and pruning (they are retried, never thrown). */
  readonly onError?: (error: unknown) => void;
}

/** Options of `publish`. */
export interface PublishOptions {
  /** Only this owner's tabs receive it (a per-owner topic). */
  readonly owner?: string | undefined;
}

/** A stream's subscription: who it is and from where it resumes. */
export interface StreamRequest extends StreamFilter {
  /** The last id the tab received; absent for a fresh stream (a new page load). */
  readonly after?: number | undefined;
}

/** One open stream of this process. */
export interface PushStream {
  /** The last id delivered (the id to resume after). */
  readonly lastId: number;
  close(): void;
}

/** What a poll answers. */
export interface PollAnswer {
  readonly messages: DeliveredMessage[];
  /** Poll again with `after` = this. */
  readonly last: number;
}

const readBatch = 500;
const recentLimit = 512;
/**
 * How many ids the hub remembers having read, so a notification that comes after its row was read
 * costs no read by id; also the most notified ids kept for a read while reads fail.
 */
const readIdsLimit = 16_384;
/** How long after a failed read the hub reads again. */
const readRetryMs = 1_000;

class LocalStream implements PushStream {
  lastId = 0;
  #buffer: PushRow[] | undefined = [];
  readonly #recent = new Set<number>();
  closed = false;

  constructor(
    readonly filter: StreamFilter,
    readonly write: (message: DeliveredMessage, lastId: number) => void,
    readonly onClose: (stream: LocalStream) => void,
  ) {}

  /** Delivers a row (once); while the stream still replays, keeps it for later. Returns whether it was written. */
  offer(row: PushRow): boolean {
    if (this.closed) return false;
    if (this.#buffer !== undefined) {
      this.#buffer.push(row);
      return false;
    }
    return this.deliver(row);
  }

  deliver(row: PushRow): boolean {
    if (this.#recent.has(row.id)) return false;
    this.#recent.add(row.id);
    if (this.#recent.size > recentLimit) this.#recent.delete(this.#recent.values().next().value!);
    this.lastId = Math.max(this.lastId, row.id);
    this.write(deliveredOf(row), this.lastId);
    return true;
  }

  /** Writes a message that is not stored (no id: the tab does not resume from it); false while the stream replays. */
  writeNow(message: PushMessage): boolean {
    if (this.closed || this.#buffer !== undefined) return false;
    this.write(message as DeliveredMessage, this.lastId);
    return true;
  }

  /** Ends the replay: what arrived meanwhile and is newer goes out, then rows are written as they come. */
  goLive(): number[] {
    const buffered = this.#buffer ?? [];
    this.#buffer = undefined;
    return buffered.filter((row) => this.deliver(row) && row.topic === null).map((row) => row.id);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}

/**
 * The push hub of one process.
 * @example
 * const hub = await PushHub.open({ db, notifier: memoryNotifier() });
 * await hub.publish("saved-views", { id: 12 });
 * await hub.send({ owner: session.owner, tab }, { kind: "callback", result: 1 });
 */
export class PushHub {
  readonly #db: Database;
  readonly #notifier: Notifier;
  readonly #options: PushHubOptions;
  readonly #streams = new Set<LocalStream>();
  #cursor: number;
  #reading: Promise<void> | undefined;
  #readAgain = false;
  /**
   * Ids notified since the last read began, so committed before the next one starts. Commits come
   * in any order: a read may have moved the cursor past one of them without seeing it (committed
   * after that read's snapshot, behind a higher id), so the next read fetches such an id by itself.
   */
  #notified: number[] = [];
  /** Ids read lately, oldest first (a Set keeps insertion order). */
  readonly #readIds = new Set<number>();
  /** The next try after a failed read (a notification may never come to start one). */
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopListening: () => void;
  #prune: ReturnType<typeof setInterval>;
  #closed = false;

  private constructor(options: PushHubOptions, cursor: number) {
    this.#db = options.db;
    this.#notifier = options.notifier;
    this.#options = options;
    this.#cursor = cursor;
    this.#stopListening = this.#notifier.listen({
      notified: (id) => {
        // With no stream open here there is nobody to hand the row to: no read, the cursor moves
        // past it. A stream that opens later replays what it is owed from the table itself.
        if (this.#streams.size === 0) {
          this.#cursor = Math.max(this.#cursor, id);
          return;
        }
        this.#notified.push(id);
        this.#wake();
      },
      missed: () => this.#wake(),
    });
    this.#prune = setInterval(() => {
      pruneRows(this.#db, this.retentionMs).catch((error: unknown) => this.#options.onError?.(error));
    }, options.pruneIntervalMs ?? 60_000);
    this.#prune.unref();
  }

  /** Opens the hub over `db` (creating dashbase's internal tables when missing). */
  static async open(options: PushHubOptions): Promise<PushHub> {
    await ensureInternalSchema(options.db);
    return new PushHub(options, await newestId(options.db));
  }

  /** How long messages are kept. */
  get retentionMs(): number {
    return this.#options.retentionMs ?? 600_000;
  }

  /** The number of open streams in this process. */
  get streamCount(): number {
    return this.#streams.size;
  }

  /**
   * Sends `message` to one tab of `target.owner`, or to each of the owner's open tabs. A message
   * no tab received (the tab was closed or reloaded) goes to the owner's next fresh stream, once.
   * `maxBytes` raises the size limit for the framework's own messages (a background callback's answer).
   * @throws DashbaseError DASHBASE_E_PUSH_INVALID, DASHBASE_E_PUSH_TOO_LARGE
   */
  async send(target: PushTarget, message: PushMessage, options: { maxBytes?: number } = {}): Promise<void> {
    if (typeof target?.owner !== "string" || target.owner === "" || (target.tab !== undefined && typeof target.tab !== "string")) {
      throw new DashbaseError(
        "DASHBASE_E_PUSH_INVALID",
        `send: expected a target { owner, tab? } of strings, found ${JSON.stringify(target)}`,
      );
    }
    if (typeof message?.kind !== "string" || message.kind === "" || message.kind === "topic") {
      throw new DashbaseError(
        "DASHBASE_E_PUSH_INVALID",
        `send: expected a message with a "kind" string other than "topic" (topics go through publish), found ${JSON.stringify(message?.kind)}`,
      );
    }
    const payloadJson = payloadText(message, "send", options.maxBytes);
    await this.#notifier.store(this.#db, { owner: target.owner, tab: target.tab ?? null, topic: null, payloadJson });
  }

  /**
   * Hands `message` straight to this process's open streams of `target.tab`, without storing it:
   * for reports that only matter while the tab watches (a background callback's progress), and
   * that must not wait for the database (on the embedded one, a long transaction holds it).
   * False when no stream of that tab is open here: then `send` it. Use it only where this process
   * holds every stream (the embedded database): with several processes a stream here may be a
   * stale one of a tab whose live stream reconnected to another process.
   */
  sendNow(target: { readonly owner: string; readonly tab: string }, message: PushMessage): boolean {
    payloadText(message, "sendNow");
    let written = false;
    for (const stream of this.#streams) {
      if (stream.filter.owner === target.owner && stream.filter.tab === target.tab) written = stream.writeNow(message) || written;
    }
    return written;
  }

  /**
   * Publishes `payload` to every tab subscribed to `topic` (with `owner`, only that owner's tabs).
   * @throws DashbaseError DASHBASE_E_PUSH_INVALID, DASHBASE_E_PUSH_TOO_LARGE
   */
  async publish(topic: string, payload: unknown, options: PublishOptions = {}): Promise<void> {
    checkTopicName(topic, "publish");
    const payloadJson = payloadText(payload, `publish("${topic}")`);
    await this.#notifier.store(this.#db, { owner: options.owner ?? null, tab: null, topic, payloadJson });
  }

  /**
   * Opens a stream: replays what the tab is owed (after `request.after`, or its owner's
   * undelivered messages for a fresh stream), then writes messages as they come. `write` gets
   * each message and the id to resume after.
   */
  async openStream(request: StreamRequest, write: (message: DeliveredMessage, lastId: number) => void): Promise<PushStream> {
    if (this.#closed) throw new DashbaseError("DASHBASE_E_DB_CLOSED", "the push hub is closed");
    const filter: StreamFilter = { owner: request.owner, tab: request.tab, topics: request.topics };
    const stream = new LocalStream(filter, write, (closed) => this.#streams.delete(closed));
    // Registered first: what is committed while it replays waits in its buffer, nothing falls between.
    this.#streams.add(stream);
    try {
      const { rows, last } = await this.#owed(filter, request.after);
      stream.lastId = last;
      const tracked: number[] = [];
      for (const row of rows) if (stream.deliver(row) && row.topic === null) tracked.push(row.id);
      tracked.push(...stream.goLive());
      await markDelivered(this.#db, tracked);
    } catch (error) {
      stream.close();
      throw error;
    }
    return stream;
  }

  /** The polling fallback: what a tab is owed after `after` (or, fresh, its owner's undelivered messages). */
  async poll(request: StreamRequest): Promise<PollAnswer> {
    const filter: StreamFilter = { owner: request.owner, tab: request.tab, topics: request.topics };
    const { rows, last } = await this.#owed(filter, request.after);
    await markDelivered(
      this.#db,
      rows.filter((row) => row.topic === null).map((row) => row.id),
    );
    return { messages: rows.map(deliveredOf), last: Math.max(last, ...rows.map((row) => row.id)) };
  }

  /** Ends every stream and closes the notifier; messages already stored stay for the next process. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#prune);
    clearTimeout(this.#retry);
    this.#stopListening();
    for (const stream of [...this.#streams]) stream.close();
    await this.#reading?.catch(() => undefined);
    await this.#notifier.close();
  }

  async #owed(filter: StreamFilter, after: number | undefined): Promise<{ rows: PushRow[]; last: number }> {
    if (after === undefined) {
      const last = await newestId(this.#db);
      return { rows: await claimUndelivered(this.#db, filter, readBatch), last };
    }
    const rows: PushRow[] = [];
    let from = after;
    for (;;) {
      const batch = await rowsAfter(this.#db, filter, from, readBatch);
      rows.push(...batch);
      if (batch.length < readBatch) break;
      from = batch[batch.length - 1]!.id;
    }
    return { rows, last: Math.max(after, ...rows.map((row) => row.id)) };
  }

  #wake(): void {
    if (this.#closed) return;
    if (this.#reading !== undefined) {
      this.#readAgain = true;
      return;
    }
    clearTimeout(this.#retry);
    this.#retry = undefined;
    this.#reading = this.#read()
      .catch((error: unknown) => {
        this.#options.onError?.(error);
        this.#retry = setTimeout(() => this.#wake(), readRetryMs);
        this.#retry.unref();
      })
      .finally(() => {
        this.#reading = undefined;
        if (this.#readAgain) {
          this.#readAgain = false;
          this.#wake();
        }
      });
  }

  /** Reads the new rows once for the whole process and hands each to the local streams that want it. */
  async #read(): Promise<void> {
    const notified = this.#notified;
    this.#notified = [];
    // The cursor and the ids read change only once every query has answered: a failed read leaves
    // them as they were, for the next one to read the same rows again.
    const from = this.#cursor;
    let cursor = from;
    let rows: PushRow[];
    try {
      // Every notified id is committed, so one after the cursor is among the rows read after it;
      // one at or before it that this process has not read committed behind a higher id. Read
      // first, so the rows go out in id order.
      const behind = notified.filter((id) => id <= from && !this.#readIds.has(id));
      rows = behind.length === 0 ? [] : await rowsById(this.#db, behind);
      for (;;) {
        const batch = await allRowsAfter(this.#db, cursor, readBatch);
        rows.push(...batch);
        if (batch.length > 0) cursor = batch[batch.length - 1]!.id;
        if (batch.length < readBatch) break;
      }
    } catch (error) {
      // Kept for the next read, newest last, at most readIdsLimit of them.
      this.#notified = notified.concat(this.#notified).slice(-readIdsLimit);
      throw error;
    }
    this.#cursor = Math.max(this.#cursor, cursor);
    for (const row of rows) this.#noteRead(row.id);
    const tracked: number[] = [];
    for (const row of rows) {
      for (const stream of this.#streams) {
        if (rowMatches(row, stream.filter) && stream.offer(row) && row.topic === null) tracked.push(row.id);
      }
    }
    await markDelivered(this.#db, tracked);
  }

  #noteRead(id: number): void {
    this.#readIds.add(id);
    if (this.#readIds.size > readIdsLimit) this.#readIds.delete(this.#readIds.values().next().value!);
  }
}
