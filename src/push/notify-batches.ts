/**
 * @module
 * Announcing stored push messages on a PostgreSQL server with as few NOTIFYs as the load allows.
 * A transaction that NOTIFYs takes a lock shared by the whole server and holds it until its commit
 * is on disk, so such transactions commit one after another, each waiting for its own WAL flush.
 * Here the ids stored while an announcement is on its way go together in the next one: one
 * statement and one commit for however many messages, as group commit does for WAL.
 */

/** A NOTIFY payload must stay under 8,000 bytes; ids are digits and commas, one byte each. */
export const maxPayloadBytes = 7_900;

/**
 * `ids` as NOTIFY payloads: comma-separated, each at most `maxBytes` long.
 * @example
 * notifyPayloads([12, 13, 15]); // ["12,13,15"]
 */
export function notifyPayloads(ids: readonly number[], maxBytes = maxPayloadBytes): string[] {
  const payloads: string[] = [];
  let current = "";
  for (const id of ids) {
    const text = String(id);
    if (current !== "" && current.length + 1 + text.length > maxBytes) {
      payloads.push(current);
      current = "";
    }
    current = current === "" ? text : `${current},${text}`;
  }
  if (current !== "") payloads.push(current);
  return payloads;
}

/**
 * The ids of a NOTIFY payload (notifyPayloads' format; a single id is one too); anything that is
 * not a safe integer is skipped, since the channel is open to any client of the database.
 * @example
 * idsOfPayload("12,13"); // [12, 13]
 */
export function idsOfPayload(payload: string | undefined): number[] {
  if (payload === undefined || payload === "") return [];
  return payload
    .split(",")
    .filter((text) => /^\d+$/.test(text))
    .map(Number)
    .filter((id) => Number.isSafeInteger(id));
}

interface Batch {
  readonly ids: number[];
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  // A batch no caller awaits any more must not fail the process as an unhandled rejection.
  done.catch(() => undefined);
  return { ids: [], done, resolve, reject };
}

/**
 * Sends announcements one at a time; what is announced meanwhile waits and goes in the next.
 * @example
 * const batches = new NotifyBatches((payloads) => db.query(notifySql, [channel, payloads]).then(() => undefined));
 * await batches.announce(id); // resolves once a committed NOTIFY carried `id`
 */
export class NotifyBatches {
  readonly #send: (payloads: string[]) => Promise<void>;
  #waiting: Batch | undefined;
  #sending = false;

  constructor(send: (payloads: string[]) => Promise<void>) {
    this.#send = send;
  }

  /**
   * Announces `id` with the next NOTIFY; resolves once that NOTIFY's statement has committed and
   * rejects with its error (the message stays stored: a stream opened or resumed later still
   * reads it).
   */
  announce(id: number): Promise<void> {
    const batch = (this.#waiting ??= newBatch());
    batch.ids.push(id);
    if (!this.#sending) void this.#drain();
    return batch.done;
  }

  async #drain(): Promise<void> {
    this.#sending = true;
    for (let batch = this.#waiting; batch !== undefined; batch = this.#waiting) {
      this.#waiting = undefined;
      try {
        await this.#send(notifyPayloads(batch.ids));
        batch.resolve();
      } catch (error) {
        batch.reject(error);
      }
    }
    this.#sending = false;
  }
}
