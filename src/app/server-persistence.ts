/**
 * @module
 * `persistence: "server"`: the last value of a persisted prop is kept in the per-user store
 * (namespace "persist", key `<id key>.<property>`) and written back into every layout sent to
 * that owner, so it survives reloads and new browsers carrying the same session or login.
 * A value counts whoever set it: the user (`POST /_dashbase/persist`) or a callback (the
 * renderer lists, in the callback request's `persist`, the outputs that are persisted props,
 * and the server saves the values the handler returned for them).
 */
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";
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
  const validId =
    (typeof id === "string" && id !== "") || (typeof id === "object" && id !== null && !Array.isArray(id) && Object.keys(id).length > 0);
  if (!validId)
    throw new DashbaseError(
      "DASHBASE_E_BAD_REQUEST",
      `persist.id: expected a component id (a string or an object), found ${JSON.stringify(id)?.slice(0, 80)}`,
    );
  if (typeof property !== "string" || !propertyPattern.test(property)) {
    throw new DashbaseError(
      "DASHBASE_E_BAD_REQUEST",
      `persist.property: expected a property name such as "value", found ${JSON.stringify(property)?.slice(0, 80)}`,
    );
  }
  const key = idKey(id as ComponentId);
  if (key.length > 400)
    throw new DashbaseError("DASHBASE_E_BAD_REQUEST", `persist.id: expected an id of at most 400 characters, found ${key.length}`);
  // A cleared value (null) is kept as null: the user's choice to clear outlives the layout's default.
  await store.namespace(persistNamespace).set(persistKey(key, property), value ?? null);
}

// A full quota counts too: the callback's work is done, and the answer says more than a 413 would.
const unstorable = [
  "DASHBASE_E_STORE_VALUE_TOO_LARGE",
  "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
  "DASHBASE_E_STORE_CYCLIC_VALUE",
  "DASHBASE_E_STORE_QUOTA",
] as const;

function isUnstorable(error: unknown): boolean {
  return unstorable.some((code) => isDashbaseError(error, code));
}

/**
 * Saves the values a callback returned for outputs listed in `persistKeys`, as a user's edit
 * would be saved. Only keys that are in the response count, so a request can only have the
 * values this handler computed for this call's own outputs saved. A value the store cannot keep
 * (too large, not storable, past the owner's quota) is skipped rather than failing a callback
 * whose work is done; its key is returned for the log.
 * @example
 * const skipped = await saveCallbackOutputs(store, new Set(["nickname.value"]), { nickname: { value: "" } });
 */
export async function saveCallbackOutputs(
  store: OwnerStore,
  persistKeys: ReadonlySet<string>,
  response: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): Promise<string[]> {
  if (persistKeys.size === 0) return [];
  const entries: Array<readonly [string, unknown]> = [];
  for (const [key, props] of Object.entries(response)) {
    for (const [property, value] of Object.entries(props)) {
      const stored = persistKey(key, property);
      if (persistKeys.has(stored)) entries.push([stored, value ?? null]);
    }
  }
  if (entries.length === 0) return [];
  const persisted = store.namespace(persistNamespace);
  try {
    await persisted.setMany(entries);
    return [];
  } catch (error) {
    if (!isUnstorable(error)) throw error;
  }
  const skipped: string[] = [];
  for (const [stored, value] of entries) {
    try {
      await persisted.set(stored, value);
    } catch (error) {
      if (!isUnstorable(error)) throw error;
      skipped.push(stored);
    }
  }
  return skipped;
}
