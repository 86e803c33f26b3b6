/**
 * @module
 * Which props a component persists (`persistence` + `persisted_props`), and where: "server"
 * (POST `/_dashbase/persist`, replayed by the server into later layouts) or the browser's
 * local / session storage. Pure lookups; the renderer does the saving.
 */
import { defaultPersistedProps } from "../protocol/persisted-props.js";
import type { ComponentNode } from "./protocol-types.js";

/** Where a component's values persist, or null when they do not. */
export type PersistenceTarget = "server" | "local" | "session" | null;

/** Where a node persists: `persistence: "server" | "local" | "session" | true` (true means local). */
export function persistenceOf(node: ComponentNode): PersistenceTarget {
  const value = node.props.persistence;
  if (value === "server" || value === "local" || value === "session") return value;
  if (value === true) return "local";
  return null;
}

/** The props of a node that persist. */
export function persistedPropsOf(node: ComponentNode): readonly string[] {
  const explicit = node.props.persisted_props;
  if (Array.isArray(explicit) && explicit.every((p) => typeof p === "string")) return explicit as string[];
  return defaultPersistedProps[node.type] ?? ["value"];
}

/** The browser-storage key of one persisted prop. */
export function storageKey(idKey: string, property: string): string {
  return `dashbase:persist:${idKey}.${property}`;
}

/** The browser-storage key of a `dcc.Store` with `storage_type` local or session. */
export function storeStorageKey(idKey: string): string {
  return `dashbase:store:${idKey}`;
}
