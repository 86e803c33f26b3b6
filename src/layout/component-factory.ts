/**
 * @module
 * Factories derived from component definitions: a factory builds the node, typed by the
 * definition's props, and carries its definition so a namespace of factories is also the list
 * of the components it offers (the server's component catalog reads it).
 */
import type { ComponentDefinition } from "../protocol/component-definition.js";
import { createNode, type ComponentNode } from "./component-node.js";

/** A factory that carries the definition it builds nodes of. */
export type DefinedFactory<F, Type extends string = string, Props extends object = Record<string, unknown>> = F & {
  readonly definition: ComponentDefinition<Type, Props>;
};

/** The plain factory of a definition: props in, frozen node out. */
export type ComponentFactory<Type extends string, Props extends object> = DefinedFactory<
  (props: Props) => ComponentNode<Type, Props>,
  Type,
  Props
>;

/**
 * Attaches `definition` to a hand-written factory (one with another call shape, e.g. children first).
 * @example
 * export const Markdown = withDefinition(markdown, (text: string) => createNode(markdown.type, { children: text }));
 */
export function withDefinition<F extends (...args: never[]) => ComponentNode, Type extends string, Props extends object>(
  definition: ComponentDefinition<Type, Props>,
  factory: F,
): DefinedFactory<F, Type, Props> {
  return Object.freeze(Object.assign(factory, { definition }));
}

/**
 * The factory of a definition.
 * @example
 * export const Slider = componentFactory(slider);
 * Slider({ id: "year", min: 1960, max: 2020 }); // { type: "dcc.Slider", props: { id: "year", min: 1960, max: 2020 } }
 */
export function componentFactory<Type extends string, Props extends object>(
  definition: ComponentDefinition<Type, Props>,
): ComponentFactory<Type, Props> {
  return withDefinition(definition, (props: Props) => createNode(definition.type, props));
}

/** The definition a factory carries, if it carries one. */
export function definitionOfFactory(factory: unknown): ComponentDefinition | undefined {
  const definition = (factory as { definition?: unknown } | null | undefined)?.definition;
  return typeof definition === "object" && definition !== null && typeof (definition as { type?: unknown }).type === "string"
    ? (definition as ComponentDefinition)
    : undefined;
}
