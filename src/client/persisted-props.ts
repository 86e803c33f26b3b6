/**
 * @module
 * Which props a component persists (`persistence` + `persisted_props`), and where: "server"
 * (POST `/_dashbase/persist`, replayed by the server into later layouts) or the browser's
 * local / session storage. Pure lookups; the renderer does the saving.
 */
import { persistedPropsFor, persistenceWhere, type ComponentDefinition } from "../protocol/component-definition.js";
import type { ComponentNode } from "../protocol/layout-tree.js";

/** Where a component's values persist, or null when they do not. */
export type PersistenceTarget = "server" | "local" | "session" | "memory" | null;

/**
 * Where a node persists: its definition's rule (e.g. `dcc.Store`'s `storage_type`), else
 * `persistence: "server" | "local" | "session" | "memory" | true` (true means local).
 */
export function persistenceOf(node: ComponentNode, definition: ComponentDefinition | undefined): PersistenceTarget {
  return persistenceWhere(definition, node.props);
}

/** The props of a node that persist: `persisted_props`, else its definition's. */
export function persistedPropsOf(node: ComponentNode, definition: ComponentDefinition | undefined): readonly string[] {
  return persistedPropsFor(definition, node.props);
}

/** The browser-storage key of one persisted prop. */
export function storageKey(idKey: string, property: string): string {
  return `dashbase:persist:${idKey}.${property}`;
}

/** The browser-storage key of a `dcc.Store` with `storage_type` local or session. */
export function storeStorageKey(idKey: string): string {
  return `dashbase:store:${idKey}`;
}
