/**
 * @module
 * Canonical keys for component ids: how an id is addressed on the wire and in the renderer's
 * props-by-id index. A string id is its own key; an object id's key is `JSON.stringify` of the
 * object with its keys sorted, so `{ type, index }` and `{ index, type }` address one component.
 */
import type { ComponentId, DependencyId } from "./protocol-types.js";

/**
 * The canonical key of a component id (or of a dependency id, wildcards included).
 *
 * @example
 * idKey({ type: "filter", index: 2 }); // '{"index":2,"type":"filter"}'
 * idKey("box");                         // 'box'
 */
export function idKey(id: ComponentId | DependencyId): string {
  if (typeof id === "string") return id;
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(id).sort()) sorted[name] = id[name];
  return JSON.stringify(sorted);
}

/**
 * The key of one property of one component, as used in `changedPropIds`: `<id key>.<property>`.
 *
 * @example
 * propKey("slider", "value"); // 'slider.value'
 */
export function propKey(id: ComponentId | DependencyId, property: string): string {
  return `${idKey(id)}.${property}`;
}

/** Tells whether a raw `props.id` value is a usable component id. */
export function isComponentId(value: unknown): value is ComponentId {
  if (typeof value === "string") return value.length > 0;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
}
