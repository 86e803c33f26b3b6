/**
 * @module
 * Partial updates of an output (Dash's `Patch()`): return a `Patch` in place of an output's value
 * and the browser changes only what it says (appends a point to a figure's trace, sets one key)
 * instead of receiving the whole value again.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { patchWireKey, type PatchOperation, type PatchPath, type PatchWire } from "../protocol/patch-ops.js";

const patchBrand = Symbol.for("dashbase.patch");

/**
 * A list of changes to an output's current value, applied in order in the browser.
 * `at(...path)` narrows later operations to a part of the value; the narrowed patch shares the
 * list of its parent, so return the parent (or any of them: they serialize alike).
 *
 * @example
 * const figure = new Patch();
 * figure.at("data", 0, "y").append(clicks);
 * figure.at("layout").merge({ title: { text: `${clicks} points` } });
 * return [figure];
 */
export class Patch {
  /** Recognised by brand, so a Patch built against another copy of dashbase is still understood. */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [patchBrand]?: unknown })[patchBrand] === true;
  }

  readonly #operations: PatchOperation[];
  readonly #path: PatchPath;

  constructor(operations: PatchOperation[] = [], path: PatchPath = []) {
    this.#operations = operations;
    this.#path = path;
    Object.defineProperty(this, patchBrand, { value: true });
  }

  /** The operations so far (of the whole patch, not only under this path). */
  get operations(): readonly PatchOperation[] {
    return this.#operations;
  }

  /** A patch of the part of the value at `path` (relative to this one), sharing this patch's operations. */
  at(...path: (string | number)[]): Patch {
    for (const step of path) checkStep(step);
    return new Patch(this.#operations, [...this.#path, ...path]);
  }

  /** Sets `key` (an object key or array index) to `value`. */
  set(key: string | number, value: unknown): this {
    checkStep(key);
    return this.#add({ op: "set", path: [...this.#path, key], value });
  }

  /** Deletes `key` (an object key, or an array index: later items move up). */
  delete(key: string | number): this {
    checkStep(key);
    return this.#add({ op: "delete", path: [...this.#path, key] });
  }

  /** Adds `value` at the end of the array. */
  append(value: unknown): this {
    return this.#add({ op: "append", path: this.#path, values: [value] });
  }

  /** Adds every item of `values` at the end of the array. */
  extend(values: readonly unknown[]): this {
    if (!Array.isArray(values)) throw badPatch(`Patch.extend: expected an array of items, found ${typeof values}`);
    return this.#add({ op: "append", path: this.#path, values: [...values] });
  }

  /** Adds `value` at the start of the array. */
  prepend(value: unknown): this {
    return this.#add({ op: "prepend", path: this.#path, value });
  }

  /** Inserts `value` before `index` of the array (negative: from the end). */
  insert(index: number, value: unknown): this {
    if (!Number.isInteger(index)) throw badPatch(`Patch.insert: expected an integer index, found ${String(index)}`);
    return this.#add({ op: "insert", path: this.#path, index, value });
  }

  /** Removes every item equal to `value` (compared as JSON) from the array. */
  remove(value: unknown): this {
    return this.#add({ op: "remove", path: this.#path, value });
  }

  /** Shallow-merges `value`'s keys into the object. */
  merge(value: Readonly<Record<string, unknown>>): this {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw badPatch(`Patch.merge: expected an object of keys to set, found ${Array.isArray(value) ? "an array" : typeof value}`);
    }
    return this.#add({ op: "merge", path: this.#path, value });
  }

  /** Empties the array or object. */
  clear(): this {
    return this.#add({ op: "clear", path: this.#path });
  }

  /** Reverses the array. */
  reverse(): this {
    return this.#add({ op: "reverse", path: this.#path });
  }

  /** The wire form: `{ "dashbase:patch": [operation, ...] }` (docs/wire-protocol.md). */
  toJSON(): PatchWire {
    return { [patchWireKey]: this.#operations };
  }

  #add(operation: PatchOperation): this {
    this.#operations.push(operation);
    return this;
  }
}

function checkStep(step: unknown): void {
  if (typeof step === "string" || (typeof step === "number" && Number.isInteger(step))) return;
  throw badPatch(`Patch: a path step must be an object key (string) or an array index (integer), found ${String(step)}`);
}

function badPatch(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_CALLBACK_RESULT", message);
}
