/**
 * @module
 * `services.publish(topic, payload, options)` as callback and API handlers receive it: publishes
 * through the process's hub, to everyone or (`toOwner`) to the current session owner's tabs only.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { PushHub } from "./push-hub.js";

/** Options of `services.publish`. */
export interface PublishToOptions {
  /** Only the current session owner's tabs receive it (for `Topic(name, { perOwner: true })`). */
  readonly toOwner?: boolean;
}

/** `services.publish`: resolves once the message is stored and every process was told. */
export type Publish = (topic: string, payload: unknown, options?: PublishToOptions) => Promise<void>;

/**
 * The `publish` of one request's handler.
 * @example
 * const publish = publisherFor(hub, topics, session.owner);
 * await publish("saved-views", { id: 3 });
 */
export function publisherFor(hub: PushHub | undefined, topics: ReadonlyMap<string, boolean>, owner: string): Publish {
  return async (topic, payload, options = {}) => {
    if (hub === undefined) {
      throw new DashbaseError(
        "DASHBASE_E_PUSH_INVALID",
        `publish("${String(topic)}"): this app runs without a push hub (an AppCore built by hand without services.push); serve it with createServer() or listen()`,
      );
    }
    if (topics.get(topic) === true && options.toOwner !== true) {
      throw new DashbaseError(
        "DASHBASE_E_PUSH_INVALID",
        `publish("${topic}"): the topic is declared Topic("${topic}", { perOwner: true }), so publishing to every user would leak one user's changes; expected publish("${topic}", payload, { toOwner: true })`,
      );
    }
    await hub.publish(topic, payload, options.toOwner === true ? { owner } : {});
  };
}
