/**
 * @module
 * `persistence: "server"`: values a user sets are kept in the per-user store (namespace
 * "persist", key `<id key>.<property>`) and written back into every layout sent to that owner,
 * so they survive reloads and new browsers carrying the same session or login.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { idKey, type ComponentId } from "../layout/component-node.js";
import { rewriteLayout, summarizeLayout, type LayoutSummary } from "../layout/layout-walk.js";
import type { OwnerStore } from "../store/store.js";

/** The store namespace persisted values live in. */
export const persistNamespace = "persist";

const propertyPattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function persistKey(key: string, property: string): string {
  return `${key}.${property}`;
}

/**
 * Returns `layout` with this owner's saved values in place of the defaults.
 * @example
 * const layout = await applyPersistedValues(raw, store.forOwner(session.owner));
 */
export async function applyPersistedValues<T>(layout: T, store: OwnerStore, summary: LayoutSummary = summarizeLayout(layout)): Promise<T> {
  if (summary.persisted.length === 0) return layout;
  const keys = summary.persisted.map((entry) => persistKey(entry.key, entry.property));
  const values = await store.namespace(persistNamespace).getMany(keys);
  const patches = new Map<string, Record<string, unknown>>();
  summary.persisted.forEach((entry, index) => {
    const value = values[index];
    if (value !== undefined) (patches.get(entry.key) ?? patches.set(entry.key, {}).get(entry.key)!)[entry.property] = value;
  });
  if (patches.size === 0) return layout;
  return rewriteLayout(layout, (node) => {
    const id = (node.props as { id?: ComponentId }).id;
    return id === undefined ? undefined : patches.get(idKey(id));
  });
}

/**
 * Saves one value from `POST /_dashbase/persist` (`{ id, property, value }`).
 * @throws DashbaseError DASHBASE_E_BAD_REQUEST for a malformed body; the store's own codes for a bad or oversized value.
 */
export async function savePersistedValue(store: OwnerStore, body: unknown): Promise<void> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new DashbaseError("DASHBASE_E_BAD_REQUEST", "persist: expected a JSON object { id, property, value }");
  }
  const { id, property, value } = body as { id?: unknown; property?: unknown; value?: unknown };
  const validId = (typeof id === "string" && id !== "") || (typeof id === "object" && id !== null && !Array.isArray(id) && Object.keys(id).length > 0);
  if (!validId) throw new DashbaseError("DASHBASE_E_BAD_REQUEST", `persist.id: expected a component id (a string or an object), found ${JSON.stringify(id)?.slice(0, 80)}`);
  if (typeof property !== "string" || !propertyPattern.test(property)) {
    throw new DashbaseError("DASHBASE_E_BAD_REQUEST", `persist.property: expected a property name such as "value", found ${JSON.stringify(property)?.slice(0, 80)}`);
  }
  const key = idKey(id as ComponentId);
  if (key.length > 400) throw new DashbaseError("DASHBASE_E_BAD_REQUEST", `persist.id: expected an id of at most 400 characters, found ${key.length}`);
  // A cleared value (null) is kept as null: the user's choice to clear outlives the layout's default.
  await store.namespace(persistNamespace).set(persistKey(key, property), value ?? null);
}
