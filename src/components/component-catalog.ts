/**
 * @module
 * A catalog of component definitions by type: the built-in ones (read off the `dcc` namespace,
 * whose factories carry their definitions) plus those of the component packages one app declares
 * (`createApp({ components })`). Each app holds its own catalog, so two apps in one process never
 * see each other's packages; replaying persisted values into layouts reads it.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { definitionOfFactory } from "../layout/component-factory.js";
import type { ComponentDefinition } from "../protocol/component-definition.js";
import { dcc } from "./dcc.js";

/** Looks up a component type's definition. */
export interface ComponentCatalog {
  /** The definition of a type, built in or declared; undefined for html.* and unknown types. */
  definitionOf(type: string): ComponentDefinition | undefined;
  /** The definitions the app declared (its packages'), in declaration order. */
  readonly declared: readonly ComponentDefinition[];
}

const builtIn: ReadonlyMap<string, ComponentDefinition> = new Map(
  Object.values(dcc).flatMap((factory) => {
    const definition = definitionOfFactory(factory);
    return definition === undefined ? [] : [[definition.type, definition] as const];
  }),
);

/** The built-in definitions, in the `dcc` namespace's order. */
export function builtInDefinitions(): readonly ComponentDefinition[] {
  return [...builtIn.values()];
}

/**
 * The catalog of an app that uses `declared` component packages' definitions.
 * @throws DashbaseError DASHBASE_E_COMPONENT_CONFLICT when a type name is built in or declared twice with different definitions.
 * @example
 * const catalog = createComponentCatalog([starRating]);
 * catalog.definitionOf("starRating.StarRating");
 */
export function createComponentCatalog(declared: readonly ComponentDefinition[] = []): ComponentCatalog {
  const byType = new Map<string, ComponentDefinition>();
  for (const definition of declared) {
    if (builtIn.has(definition.type) || definition.type.startsWith("html.")) {
      throw new DashbaseError(
        "DASHBASE_E_COMPONENT_CONFLICT",
        `component "${definition.type}": the name is taken by a built-in component; expected a type name prefixed by the package's own name, e.g. "myPackage.Rating"`,
      );
    }
    const existing = byType.get(definition.type);
    if (existing !== undefined && existing !== definition) {
      throw new DashbaseError(
        "DASHBASE_E_COMPONENT_CONFLICT",
        `component "${definition.type}" is declared twice with different definitions; expected one definition per type name (is the package installed twice?)`,
      );
    }
    byType.set(definition.type, definition);
  }
  return Object.freeze({
    definitionOf: (type: string) => builtIn.get(type) ?? byType.get(type),
    declared: Object.freeze([...byType.values()]),
  });
}

/** The catalog of built-in components only. */
export const builtInCatalog: ComponentCatalog = createComponentCatalog();
