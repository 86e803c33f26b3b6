/**
 * @module
 * Applies a callback's patch (docs/wire-protocol.md, partial updates) to a prop's current value,
 * without changing that value: every object or array on the way to a change is copied. Loaded
 * only when an answer holds a patch.
 */
import type { CallbackOutcome } from "./callback-outcome.js";
import type { LayoutIndex } from "./callback-graph.js";
import { isPatchWire, patchWireKey, type PatchOperation, type PatchPath } from "../protocol/patch-ops.js";

type Response = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function describe(path: PatchPath, upTo: number): string {
  return path.length === 0 || upTo === 0 ? "the value" : path.slice(0, upTo).join(".");
}

function fail(operation: PatchOperation, message: string): never {
  throw new Error(`Patch ${operation.op} at ${describe(operation.path, operation.path.length)}: ${message}`);
}

function indexIn(array: readonly unknown[], step: string | number, extra = 0): number {
  const n = typeof step === "number" ? step : Number.NaN;
  return n < 0 ? array.length + n : n <= array.length - 1 + extra ? n : Number.NaN;
}

/** Replaces what is at `path[depth..]` of `node` by `change(the old part)`, copying on the way down. */
function update(node: unknown, operation: PatchOperation, path: PatchPath, depth: number, change: (part: unknown) => unknown): unknown {
  if (depth === path.length) return change(node);
  const step = path[depth]!;
  if (Array.isArray(node)) {
    const at = indexIn(node, step);
    if (!(at >= 0 && at < node.length)) fail(operation, `${describe(path, depth)} has no item ${String(step)} (it has ${node.length})`);
    const copy = [...node];
    copy[at] = update(node[at], operation, path, depth + 1, change);
    return copy;
  }
  if (isRecord(node)) {
    if (typeof step !== "string") fail(operation, `${describe(path, depth)} is an object, so the next step must be a key, found ${step}`);
    if (!Object.hasOwn(node, step)) fail(operation, `${describe(path, depth)} has no key "${step}"`);
    return { ...node, [step]: update(node[step], operation, path, depth + 1, change) };
  }
  return fail(operation, `${describe(path, depth)} is ${node === null ? "null" : typeof node}, not an object or array`);
}

function asArray(operation: PatchOperation, part: unknown): unknown[] {
  if (part === undefined || part === null) return [];
  if (!Array.isArray(part)) fail(operation, `expected an array there, found ${typeof part}`);
  return [...part];
}

function applyOne(value: unknown, operation: PatchOperation): unknown {
  const { path } = operation;
  switch (operation.op) {
    case "set":
    case "delete": {
      if (path.length === 0) return operation.op === "set" ? operation.value : undefined;
      const key = path[path.length - 1]!;
      return update(value, operation, path.slice(0, -1), 0, (parent) => {
        if (Array.isArray(parent)) {
          const at = indexIn(parent, key, operation.op === "set" ? 1 : 0);
          if (!(at >= 0)) fail(operation, `no item ${String(key)} in an array of ${parent.length}`);
          const copy = [...parent];
          if (operation.op === "set") copy[at] = operation.value;
          else copy.splice(at, 1);
          return copy;
        }
        if (!isRecord(parent)) fail(operation, `expected an object or array there, found ${parent === null ? "null" : typeof parent}`);
        if (typeof key !== "string") fail(operation, `an object's key must be a string, found ${key}`);
        if (operation.op === "set") return { ...parent, [key]: operation.value };
        const { [key]: _removed, ...rest } = parent;
        return rest;
      });
    }
    case "append":
      return update(value, operation, path, 0, (part) => [...asArray(operation, part), ...operation.values]);
    case "prepend":
      return update(value, operation, path, 0, (part) => [operation.value, ...asArray(operation, part)]);
    case "insert":
      return update(value, operation, path, 0, (part) => {
        const array = asArray(operation, part);
        const at = operation.index < 0 ? Math.max(0, array.length + operation.index) : Math.min(operation.index, array.length);
        array.splice(at, 0, operation.value);
        return array;
      });
    case "remove": {
      const unwanted = JSON.stringify(operation.value);
      return update(value, operation, path, 0, (part) => asArray(operation, part).filter((item) => JSON.stringify(item) !== unwanted));
    }
    case "reverse":
      return update(value, operation, path, 0, (part) => asArray(operation, part).reverse());
    case "merge":
      return update(value, operation, path, 0, (part) => {
        if (part !== undefined && part !== null && !isRecord(part)) fail(operation, `expected an object there, found ${typeof part}`);
        return { ...part, ...operation.value };
      });
    case "clear":
      return update(value, operation, path, 0, (part) => (isRecord(part) ? {} : []));
    default:
      return fail(operation, `unknown operation "${String((operation as { op: unknown }).op)}"`);
  }
}

/**
 * The value after applying every operation in order to `current`.
 * @throws Error naming the operation and path when a path does not exist or holds the wrong kind of value.
 * @example
 * applyPatch({ y: [1] }, [{ op: "append", path: ["y"], values: [2] }]); // { y: [1, 2] }
 */
export function applyPatch(current: unknown, operations: readonly PatchOperation[]): unknown {
  return operations.reduce(applyOne, current);
}

/** The response with each patch replaced by the value it makes of the prop's current value. */
export function resolvePatches(response: Response, current: (key: string, property: string) => unknown): Response {
  const resolved: Record<string, Record<string, unknown>> = {};
  for (const [key, props] of Object.entries(response)) {
    const out: Record<string, unknown> = (resolved[key] = {});
    for (const [property, value] of Object.entries(props)) {
      out[property] = isPatchWire(value) ? applyPatch(current(key, property), value[patchWireKey]) : value;
    }
  }
  return resolved;
}

/** A callback's answer with its patches applied to the layout's current props; a patch that does not fit is an error outcome. */
export function patchedOutcome(response: Response, index: LayoutIndex): CallbackOutcome {
  try {
    return { kind: "update", response: resolvePatches(response, (key, property) => index.prop(key, property)) };
  } catch (error) {
    return { kind: "error", message: `The callback's patch could not be applied: ${(error as Error).message}` };
  }
}
