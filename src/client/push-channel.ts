/**
 * @module
 * The page's push channel (a lazy chunk: only pages that need it load it). One per tab: a
 * Server-Sent Events stream that the browser reconnects by itself, resuming after the last id
 * received (Last-Event-ID, or `after=` when the channel opens a new stream); when the stream
 * keeps failing it falls back to polling the JSON endpoint, and tries the stream again later.
 * Other client code listens with `onMessage(kind, handler)`.
 */
import type { PushBoot } from "../protocol/messages.js";
import { addTopicInputs, type TopicHost } from "./topic-inputs.js";

/** A message as the server delivers it: `kind` says which handlers it is for. */
export interface ChannelMessage {
  /** Absent for a message that was not stored (a progress report). */
  readonly id?: number;
  readonly kind: string;
  readonly [key: string]: unknown;
}

type Handler = (message: ChannelMessage) => void;

/** Stream failures in a row (without a message between) before polling takes over. */
const failuresBeforePolling = 3;
const pollEveryMs = 2000;
/** While polling, the stream is tried again after this long. */
const retryStreamAfterMs = 30_000;

/**
 * The push channel of one tab.
 * @example
 * const channel = new PushChannel(boot.push, tabId);
 * channel.onMessage("topic", (message) => console.log(message.topic, message.payload));
 * channel.start();
 */
export class PushChannel {
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #recent = new Set<number>();
  #lastId: number | undefined;
  #source: EventSource | undefined;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #polling = false;
  #closed = false;

  constructor(
    readonly boot: PushBoot,
    /** This tab's id: random per page load (a reload is a new tab; see docs/push.md). */
    readonly tabId: string,
  ) {}

  /** Whether messages arrive by polling (the stream failed repeatedly). */
  get polling(): boolean {
    return this.#polling;
  }

  /** The last message id received (the channel resumes after it). */
  get lastId(): number | undefined {
    return this.#lastId;
  }

  /** Calls `handler` for each message of `kind`; returns the function that stops it. */
  onMessage(kind: string, handler: Handler): () => void {
    let set = this.#handlers.get(kind);
    if (set === undefined) this.#handlers.set(kind, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  start(): void {
    // Offline, the page could not act on a message (its callbacks' requests would fail), and a
    // connection that lived through a network change may be dead without an error: the stream
    // closes, and back online a new one resumes after the last id received.
    window.addEventListener("offline", () => this.#pause());
    window.addEventListener("online", () => {
      if (this.#closed) return;
      this.#pause();
      this.#failures = 0;
      this.#openStream();
    });
    this.#openStream();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = undefined;
  }

  #pause(): void {
    clearTimeout(this.#timer);
    this.#source?.close();
    this.#source = undefined;
    this.#polling = false;
  }

  #url(base: string): string {
    const query = new URLSearchParams({ tab: this.tabId, topics: this.boot.topics.join(",") });
    if (this.#lastId !== undefined) query.set("after", String(this.#lastId));
    return `${base}?${query.toString()}`;
  }

  #openStream(): void {
    if (this.#closed) return;
    this.#polling = false;
    const source = new EventSource(this.#url(this.boot.stream));
    this.#source = source;
    source.addEventListener("ready", (event) => {
      this.#failures = 0;
      this.#advance((event as MessageEvent<string>).lastEventId);
    });
    source.addEventListener("message", (event) => {
      this.#failures = 0;
      this.#receive(JSON.parse(event.data as string) as ChannelMessage);
    });
    source.addEventListener("error", () => {
      if (this.#source !== source) return;
      this.#failures += 1;
      // The browser retries by itself (with Last-Event-ID) unless the answer was not a stream.
      if (source.readyState !== EventSource.CLOSED && this.#failures < failuresBeforePolling) return;
      source.close();
      this.#source = undefined;
      if (this.#failures >= failuresBeforePolling) this.#startPolling();
      else this.#timer = setTimeout(() => this.#openStream(), 1000 * this.#failures);
    });
  }

  #startPolling(): void {
    this.#polling = true;
    const started = Date.now();
    const poll = async (): Promise<void> => {
      if (this.#closed || !this.#polling) return;
      if (Date.now() - started > retryStreamAfterMs) {
        this.#failures = 0;
        this.#openStream();
        return;
      }
      try {
        const response = await fetch(this.#url(this.boot.poll), { headers: { accept: "application/json" }, credentials: "same-origin" });
        if (response.ok) {
          const answer = (await response.json()) as { messages: ChannelMessage[]; last: number };
          for (const message of answer.messages) this.#receive(message);
          this.#advance(String(answer.last));
        }
      } catch {
        // offline: the next poll tries again
      }
      if (this.#polling) this.#timer = setTimeout(() => void poll(), pollEveryMs);
    };
    void poll();
  }

  #advance(id: string): void {
    const value = Number(id);
    if (id !== "" && Number.isSafeInteger(value)) this.#lastId = Math.max(this.#lastId ?? 0, value);
  }

  #receive(message: ChannelMessage): void {
    // A message without an id was not stored (a progress report): shown once, never resumed from.
    if (typeof message.id === "number") {
      if (this.#recent.has(message.id)) return;
      this.#recent.add(message.id);
      if (this.#recent.size > 256) this.#recent.delete(this.#recent.values().next().value!);
      this.#advance(String(message.id));
    }
    for (const handler of [...(this.#handlers.get(message.kind) ?? [])]) handler(message);
  }
}

/**
 * Opens the channel of `host`'s tab and wires the app's topic inputs to it (the renderer calls
 * this when it loads the chunk).
 * @example
 * const channel = openPushChannel(renderer, boot.push);
 */
export function openPushChannel(host: TopicHost & { readonly tabId: string }, boot: PushBoot): PushChannel {
  const channel = new PushChannel(boot, host.tabId);
  const receive = addTopicInputs(host, boot.topics);
  channel.onMessage("topic", (message) => receive(String(message["topic"]), message["payload"]));
  channel.start();
  return channel;
}
