/**
 * @module
 * The wire form of a partial update (Dash's `Patch`): in place of an output's whole value, a
 * callback answers `{ "dashbase:patch": [operation, ...] }` and the renderer applies the
 * operations, in order, to the prop's current value. A path names keys of objects and indexes
 * of arrays from the prop's value down; a negative index counts from the end.
 */

/** The key that marks a value as a list of patch operations. */
export const patchWireKey = "dashbase:patch";

/** Where an operation applies: object keys and array indexes from the prop's value down. */
export type PatchPath = readonly (string | number)[];

/** One operation of a patch. */
export type PatchOperation =
  /** Sets the key (or index) at the end of `path`; an empty path replaces the whole value. */
  | { readonly op: "set"; readonly path: PatchPath; readonly value: unknown }
  /** Deletes the key (or array element) at the end of `path`. */
  | { readonly op: "delete"; readonly path: PatchPath }
  /** Adds items at the end of the array at `path`. */
  | { readonly op: "append"; readonly path: PatchPath; readonly values: readonly unknown[] }
  /** Adds an item at the start of the array at `path`. */
  | { readonly op: "prepend"; readonly path: PatchPath; readonly value: unknown }
  /** Inserts an item before `index` of the array at `path`. */
  | { readonly op: "insert"; readonly path: PatchPath; readonly index: number; readonly value: unknown }
  /** Removes every item equal (as JSON) to `value` from the array at `path`. */
  | { readonly op: "remove"; readonly path: PatchPath; readonly value: unknown }
  /** Shallow-merges an object into the object at `path`. */
  | { readonly op: "merge"; readonly path: PatchPath; readonly value: Readonly<Record<string, unknown>> }
  /** Empties the array or object at `path`. */
  | { readonly op: "clear"; readonly path: PatchPath }
  /** Reverses the array at `path`. */
  | { readonly op: "reverse"; readonly path: PatchPath };

/** The JSON form of a patch. */
export interface PatchWire {
  readonly [patchWireKey]: readonly PatchOperation[];
}

/** True when `value` is a patch as it comes off the wire. */
export function isPatchWire(value: unknown): value is PatchWire {
  return typeof value === "object" && value !== null && Array.isArray((value as Record<string, unknown>)[patchWireKey]);
}
