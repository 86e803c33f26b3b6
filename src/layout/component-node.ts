/**
 * @module
 * The component node: plain, immutable JSON `{ type, props }` with children in `props.children`.
 * The same value is built by the factories, sent over the wire and read by the renderer.
 */

import type { ComponentNode } from "../protocol/layout-tree.js";

// The id and node shapes are the wire protocol's (src/protocol); the package exports them under
// these names from here, and the factories import them from here.
export { idKey, type ComponentId } from "../protocol/ids.js";
export { isComponentNode, type ComponentNode } from "../protocol/layout-tree.js";

/** Any JSON value (what props, callback values and store values are made of). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** One child: a node, text, a number, or nothing (null, false and undefined render as nothing). */
export type Child = ComponentNode | string | number | null | undefined | false;

/** What `props.children` holds. */
export type Children = Child | readonly Child[];

/** A camelCase style object, as in React and Dash. */
export type Style = Readonly<Record<string, string | number>>;

/**
 * Builds a frozen node, dropping `undefined` props so the node is the same as its JSON.
 * @example
 * createNode("html.Div", { id: "box", children: ["hello"] });
 */
export function createNode<Type extends string, Props extends object>(type: Type, props: Props): ComponentNode<Type, Props> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    clean[key] = key === "children" && Array.isArray(value) ? Object.freeze([...(value as unknown[])]) : value;
  }
  return Object.freeze({ type, props: Object.freeze(clean) as Readonly<Props> });
}
