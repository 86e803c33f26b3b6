/**
 * @module
 * Topic inputs in the page (part of the push channel's lazy chunk): each topic the app listens to
 * is a component that is always present, whose `message` property takes each published payload;
 * a payload fires the topic's callbacks as a changed property does.
 */
import type { LayoutIndex } from "./callback-graph.js";
import type { ComponentId } from "../protocol/ids.js";
import { topicId, topicKey, topicProperty } from "../protocol/topic-id.js";

/** What topic inputs need of the renderer. */
export interface TopicHost {
  index: LayoutIndex;
  propsChanged(changed: readonly { id: ComponentId; property: string }[]): void;
}

/**
 * Adds `names` to the host's index and returns the function that takes a topic message.
 * @example
 * const receive = addTopicInputs(renderer, ["saved-views"]);
 * receive("saved-views", { id: 3 });
 */
export function addTopicInputs(host: TopicHost, names: readonly string[]): (name: string, payload: unknown) => void {
  const values = new Map<string, unknown>();
  const ids = names.map(topicId);
  for (const name of names) values.set(topicKey(name), undefined);
  const layout = host.index;
  host.index = {
    get ids() {
      return [...layout.ids, ...ids];
    },
    has: (key) => values.has(key) || layout.has(key),
    prop: (key, property) => (values.has(key) ? (property === topicProperty ? values.get(key) : undefined) : layout.prop(key, property)),
  };
  return (name, payload) => {
    if (!values.has(topicKey(name))) return;
    values.set(topicKey(name), payload);
    host.propsChanged([{ id: topicId(name), property: topicProperty }]);
  };
}
