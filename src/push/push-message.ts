/**
 * @module
 * What the push channel carries: a message addressed to one tab, to every tab of an owner, or to
 * the subscribers of a topic, as it is stored (a row of `dashbase_push`) and as the browser
 * receives it. Payloads are JSON and bounded.
 */
import { DashbaseError } from "../errors/dashbase-error.js";

/** Where `PushHub.send` delivers: one tab of an owner, or (without `tab`) each of the owner's tabs. */
export interface PushTarget {
  readonly owner: string;
  readonly tab?: string | undefined;
}

/** A message for `PushHub.send`: `kind` tells the page's handlers which of them it is for. */
export interface PushMessage {
  readonly kind: string;
  readonly [key: string]: unknown;
}

/** One stored message, as read back from `dashbase_push`. */
export interface PushRow {
  /** Increasing per database: streams resume after it. */
  readonly id: number;
  readonly owner: string | null;
  readonly tab: string | null;
  readonly topic: string | null;
  readonly payload: unknown;
}

/** What the browser receives: a `send` message as it was given, or `{ kind: "topic", topic, payload }`. */
export type DeliveredMessage = { readonly id: number; readonly kind: string; readonly [key: string]: unknown };

/** The largest payload `send` and `publish` accept, as JSON text (64 KiB). */
export const maxPushPayloadBytes = 65_536;

/** Topic names: what `Topic(name)` and `publish(name)` accept, and the stream's `topics` query may list. */
const topicPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/**
 * Throws DASHBASE_E_PUSH_INVALID unless `name` is a usable topic name.
 * @example
 * checkTopicName("saved-views");
 */
export function checkTopicName(name: unknown, where: string): asserts name is string {
  if (typeof name !== "string" || !topicPattern.test(name)) {
    throw new DashbaseError(
      "DASHBASE_E_PUSH_INVALID",
      `${where}: expected a topic name of 1 to 100 letters, digits, "_", ".", ":" or "-" (starting with a letter or digit), found ${JSON.stringify(name)?.slice(0, 120)}`,
    );
  }
}

/**
 * The JSON text of a payload, refused with DASHBASE_E_PUSH_INVALID when it is not JSON and
 * DASHBASE_E_PUSH_TOO_LARGE past `maxPushPayloadBytes`.
 * @example
 * payloadText({ kind: "callback", result: 1 }, "send"); // '{"kind":"callback","result":1}'
 */
export function payloadText(value: unknown, where: string, limit: number = maxPushPayloadBytes): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw new DashbaseError("DASHBASE_E_PUSH_INVALID", `${where}: the payload is not JSON (${(error as Error).message})`, { cause: error });
  }
  if (text === undefined)
    throw new DashbaseError("DASHBASE_E_PUSH_INVALID", `${where}: the payload is not JSON (found a function or symbol)`);
  const bytes = Buffer.byteLength(text);
  if (bytes > limit) {
    throw new DashbaseError(
      "DASHBASE_E_PUSH_TOO_LARGE",
      `${where}: the payload is ${bytes} bytes of JSON; expected at most ${limit}: send an id and let the page read the data`,
      { details: { bytes, limit } },
    );
  }
  return text;
}

/**
 * The message a stream writes for a stored row.
 * @example
 * deliveredOf({ id: 7, owner: null, tab: null, topic: "saved-views", payload: { n: 1 } }); // { id: 7, kind: "topic", topic: "saved-views", payload: { n: 1 } }
 */
export function deliveredOf(row: PushRow): DeliveredMessage {
  if (row.topic !== null) return { id: row.id, kind: "topic", topic: row.topic, payload: row.payload };
  const message = (typeof row.payload === "object" && row.payload !== null ? row.payload : { kind: "message" }) as PushMessage;
  return { ...message, id: row.id, kind: typeof message.kind === "string" ? message.kind : "message" };
}
