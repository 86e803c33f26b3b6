/**
 * @module
 * `Topic(name)`: a callback input that fires when the server publishes on `name`, from any
 * process (`services.publish(name, payload)`); the handler receives the payload as the input's value.
 */
import { Input, type InputDependency } from "../callbacks/dependency.js";
import { topicId, topicNameOf, topicProperty, type TopicId } from "../protocol/topic-id.js";
import { checkTopicName } from "./push-message.js";
import { readAccessRule, type AccessRequirement, type AccessRule } from "../auth/access-rule.js";

/** Options of `Topic`. */
export interface TopicOptions {
  /**
   * The topic carries each user's own changes: `publish` must say `{ toOwner: true }` (only the
   * current session owner's tabs receive it), so no payload meant for one user reaches another.
   */
  readonly perOwner?: boolean;
  /** Who may subscribe: `"user"` or `{ role: "editor" }`; a push stream asking for it otherwise is refused (401/403). */
  readonly access?: AccessRule;
}

/** A topic input, as `Topic` returns it. */
export type TopicDependency<Payload = unknown> = InputDependency<Payload, TopicId, false> & {
  readonly perOwner: boolean;
  /** The topic's access rule, checked (see src/auth/access-plan.ts). */
  readonly access?: AccessRequirement;
};

/**
 * An input that fires with each payload published on topic `name`.
 * @throws DashbaseError DASHBASE_E_PUSH_INVALID for a name that is not 1-100 letters, digits, "_", ".", ":" or "-".
 * @example
 * app.callback([Output("history", "data_version")], [Topic<{ id: number }>("saved-views")], (saved) => [saved?.id ?? 0]);
 * app.callback([Output("mine", "data_version")], [Topic("my-views", { perOwner: true })], () => [Date.now()]);
 */
export function Topic<Payload = unknown>(name: string, options: TopicOptions = {}): TopicDependency<Payload> {
  checkTopicName(name, "Topic(name)");
  const input = Input<Payload, TopicId>(topicId(name), topicProperty);
  const access = readAccessRule(options.access, `Topic("${name}")`);
  return Object.freeze({ ...input, perOwner: options.perOwner === true, ...(access === undefined ? {} : { access }) });
}

/**
 * The topics a set of callback inputs listens to, by name, with whether each is per-owner.
 * @example
 * topicsOf(app.callbacks.all().flatMap((callback) => callback.inputs)); // Map { "saved-views" => false }
 */
export function topicsOf(inputs: Iterable<{ readonly id: unknown }>): Map<string, boolean> {
  const found = new Map<string, boolean>();
  for (const input of inputs) {
    const name = topicNameOf(input.id);
    if (name === undefined) continue;
    const perOwner = (input as { perOwner?: unknown }).perOwner === true;
    found.set(name, (found.get(name) ?? false) || perOwner);
  }
  return found;
}
