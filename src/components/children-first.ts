/**
 * @module
 * The call shape of components that wrap other components: children first, then props
 * (`dcc.Card([...], { title })`), or everything in props (`dcc.Card({ title, children })`).
 */
import { createNode, isComponentNode, type Children, type ComponentNode } from "../layout/component-node.js";
import type { ComponentDefinition } from "../protocol/component-definition.js";

function isChildren(value: unknown): value is Children {
  return typeof value === "string" || typeof value === "number" || Array.isArray(value) || isComponentNode(value);
}

/**
 * A factory taking children first or props alone, for `withDefinition`.
 * @example
 * export const Card = withDefinition(card, childrenFirst(card));
 */
export function childrenFirst<Type extends string, Props extends { children?: Children }>(
  definition: ComponentDefinition<Type, Props>,
): (children: Children | Props, props?: Omit<Props, "children">) => ComponentNode<Type, Props> {
  return (children, props) => createNode(definition.type, (isChildren(children) ? { ...props, children } : children) as Props);
}
