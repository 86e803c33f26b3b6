/**
 * @module
 * The server's catalog of component definitions by type: the built-in ones (read off the `dcc`
 * namespace, whose factories carry their definitions) and those of the component packages an app
 * declares (`createApp({ components })`). Replaying persisted values into layouts reads it.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { definitionOfFactory } from "../layout/component-factory.js";
import type { ComponentDefinition } from "../protocol/component-definition.js";
import { dcc } from "./dcc.js";

const builtIn = new Map<string, ComponentDefinition>();
for (const factory of Object.values(dcc)) {
  const definition = definitionOfFactory(factory);
  if (definition !== undefined) builtIn.set(definition.type, definition);
}

const declared = new Map<string, ComponentDefinition>();

/** The definition of a component type, built in or declared; undefined for html.* and unknown types. */
export function definitionOf(type: string): ComponentDefinition | undefined {
  return builtIn.get(type) ?? declared.get(type);
}

/** The built-in definitions, in the `dcc` namespace's order. */
export function builtInDefinitions(): readonly ComponentDefinition[] {
  return [...builtIn.values()];
}

/**
 * Adds the definitions of an app's component packages. Declaring the same definition again is
 * harmless (two apps in one process may use one package).
 * @throws DashbaseError DASHBASE_E_COMPONENT_CONFLICT when a type name is built in or taken by another definition.
 * @example
 * declareComponents([starRating]);
 */
export function declareComponents(definitions: readonly ComponentDefinition[]): void {
  for (const definition of definitions) {
    if (builtIn.has(definition.type) || definition.type.startsWith("html.")) {
      throw new DashbaseError(
        "DASHBASE_E_COMPONENT_CONFLICT",
        `component "${definition.type}": the name is taken by a built-in component; expected a type name prefixed by the package's own name, e.g. "myPackage.Rating"`,
      );
    }
    const existing = declared.get(definition.type);
    if (existing !== undefined && existing !== definition) {
      throw new DashbaseError(
        "DASHBASE_E_COMPONENT_CONFLICT",
        `component "${definition.type}" is declared twice with different definitions; expected one definition per type name (is the package installed twice?)`,
      );
    }
    declared.set(definition.type, definition);
  }
}
