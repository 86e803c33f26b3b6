/**
 * @module
 * How a topic input is named on the wire: an object id under a reserved key, so it cannot collide
 * with a component id (no layout holds such a component) and passes through the callback protocol
 * like any other input. The browser treats it as a component that is always present, whose
 * `message` property takes each payload published on the topic.
 */

/** The reserved key of a topic's id. */
export const topicIdKey = "dashbase:topic";

/** The property a topic's payload arrives in. */
export const topicProperty = "message";

/** The id of a topic on the wire. */
export type TopicId = { readonly [topicIdKey]: string };

/**
 * The wire id of topic `name`.
 * @example
 * topicId("saved-views"); // { "dashbase:topic": "saved-views" }
 */
export function topicId(name: string): TopicId {
  return { [topicIdKey]: name };
}

/**
 * The canonical key of topic `name`'s id (what `idKey(topicId(name))` gives, without importing it).
 * @example
 * topicKey("saved-views"); // '{"dashbase:topic":"saved-views"}'
 */
export function topicKey(name: string): string {
  return JSON.stringify(topicId(name));
}

/**
 * The topic an id names, or undefined for any other id.
 * @example
 * topicNameOf({ "dashbase:topic": "saved-views" }); // "saved-views"
 * topicNameOf("chart"); // undefined
 */
export function topicNameOf(id: unknown): string | undefined {
  if (typeof id !== "object" || id === null) return undefined;
  const keys = Object.keys(id);
  const name = (id as Record<string, unknown>)[topicIdKey];
  return keys.length === 1 && typeof name === "string" ? name : undefined;
}
