/**
 * @module
 * Startup checks of an app's callbacks, each problem worded as expected vs found: an output
 * claimed by two callbacks, a cycle between callbacks, an id no static layout contains, and
 * wildcard misuse.
 */
import type { CallbackDefinition } from "./callback-registry.js";
import { isPatternId, matchKeysOf, wildcardsOf } from "../protocol/wildcards.js";
import { dependencyKey, type Dependency } from "./dependency.js";

export type ProblemKind = "duplicate-output" | "cycle" | "unknown-id" | "wildcard";

export interface CallbackProblem {
  kind: ProblemKind;
  message: string;
}

/** The ids the app's static layouts contain, when every layout could be read without a request. */
export interface KnownIds {
  /** Canonical id keys found in the static layouts. */
  ids: ReadonlySet<string>;
  /** False when some page builds its layout from request data: unknown ids are then not reported. */
  complete: boolean;
}

function describe(callback: CallbackDefinition): string {
  return `callback "${callback.id}"${callback.source ? ` (${callback.source})` : ""}`;
}

/** Wildcard ids are compared with the wildcard values blanked, so `{type:"f",index:ALL}` and MATCH meet. */
function graphKey(dependency: Dependency): string {
  if (!isPatternId(dependency.id)) return dependencyKey(dependency);
  const blanked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dependency.id)) blanked[key] = wildcardsOf(dependency.id).has(key) ? "*" : value;
  return dependencyKey({ id: blanked as Record<string, string>, property: dependency.property });
}

function duplicateOutputs(callbacks: readonly CallbackDefinition[]): CallbackProblem[] {
  // Per output: the first writer that did not allow duplicates. A second such writer is a problem;
  // writers that say allowDuplicate may share the property with one that does not (Dash's rule).
  const owner = new Map<string, CallbackDefinition>();
  const problems: CallbackProblem[] = [];
  for (const callback of callbacks) {
    for (const output of callback.outputs) {
      if (output.allowDuplicate === true) continue;
      const key = graphKey(output);
      const first = owner.get(key);
      if (first !== undefined && first !== callback) {
        problems.push({
          kind: "duplicate-output",
          message: `output ${dependencyKey(output)} is written by two callbacks: ${describe(first)} and ${describe(callback)}; expected one callback per output: merge them into one callback with several outputs (use ctx.triggeredId to tell which input fired), or declare the second one Output(id, property, { allowDuplicate: true })`,
        });
      } else {
        owner.set(key, callback);
      }
    }
  }
  return problems;
}

/** Cycles between different callbacks (a callback reading its own output, as Dash allows, is fine). */
function cycles(callbacks: readonly CallbackDefinition[]): CallbackProblem[] {
  const next = callbacks.map((callback, index) => {
    const targets = new Set<number>();
    for (const other of callbacks.keys()) {
      if (other === index) continue;
      if (callbacks[other]!.inputs.some((input) => callback.outputs.some((output) => graphKey(output) === graphKey(input))))
        targets.add(other);
    }
    return targets;
  });
  const state = callbacks.map(() => 0 as 0 | 1 | 2);
  const stack: number[] = [];
  const problems: CallbackProblem[] = [];
  const visit = (index: number): void => {
    state[index] = 1;
    stack.push(index);
    for (const target of next[index]!) {
      if (state[target] === 1) {
        const loop = [...stack.slice(stack.indexOf(target)), target].map((n) => callbacks[n]!);
        const path = loop.map(
          (callback) => callback.inputs.map(dependencyKey).join("+") + " -> " + callback.outputs.map(dependencyKey).join("+"),
        );
        problems.push({
          kind: "cycle",
          message: `callbacks form a cycle: ${path.join(" | ")}; expected the callbacks to form a chain without loops: merge the callbacks of the loop into one callback, or make one of the inputs a State`,
        });
      } else if (state[target] === 0) {
        visit(target);
      }
    }
    stack.pop();
    state[index] = 2;
  };
  callbacks.forEach((_, index) => {
    if (state[index] === 0) visit(index);
  });
  return problems;
}

function unknownIds(callbacks: readonly CallbackDefinition[], known: KnownIds): CallbackProblem[] {
  if (!known.complete) return [];
  const problems: CallbackProblem[] = [];
  const reported = new Set<string>();
  for (const callback of callbacks) {
    for (const [kind, list] of [
      ["Output", callback.outputs],
      ["Input", callback.inputs],
      ["State", callback.state],
      ["Output", callback.running.map(([output]) => output)],
      ["Output", callback.background?.progress ?? []],
      ["Input", callback.background?.cancel ?? []],
    ] as const) {
      for (const dependency of list) {
        if (isPatternId(dependency.id) || typeof dependency.id !== "string") continue;
        if (known.ids.has(dependency.id) || reported.has(dependency.id)) continue;
        reported.add(dependency.id);
        const near = [...known.ids].filter((id) => id.toLowerCase() === dependency.id.toString().toLowerCase());
        problems.push({
          kind: "unknown-id",
          message: `${describe(callback)} uses ${kind}("${dependency.id}", "${dependency.property}") but no page layout contains a component with id "${dependency.id}"${near.length > 0 ? ` (did you mean "${near[0]}"?)` : ""}; expected an id from the layouts; if a callback creates this component, set createApp({ callbacks: { allowDynamicIds: true } })`,
        });
      }
    }
  }
  return problems;
}

function wildcardMisuse(callbacks: readonly CallbackDefinition[]): CallbackProblem[] {
  const problems: CallbackProblem[] = [];
  for (const callback of callbacks) {
    const outputMatch = callback.outputs.some((output) => [...wildcardsOf(output.id).values()].includes("MATCH"));
    for (const output of callback.outputs) {
      if ([...wildcardsOf(output.id).values()].includes("ALLSMALLER")) {
        problems.push({
          kind: "wildcard",
          message: `${describe(callback)}: Output ${dependencyKey(output)} uses ALLSMALLER; expected ALL or MATCH in outputs (ALLSMALLER is for inputs)`,
        });
      }
    }
    const inputsUse = [...callback.inputs, ...callback.state].flatMap((dependency) => [...wildcardsOf(dependency.id).values()]);
    if (outputMatch && !inputsUse.includes("MATCH")) {
      problems.push({
        kind: "wildcard",
        message: `${describe(callback)}: an Output uses MATCH but no Input or State does; expected a MATCH input so each call knows which component it answers`,
      });
    }
    // One call binds one value per MATCH key; with different keys here and there, the renderer
    // and the server would bind them from different components.
    const usingMatch = [...callback.outputs, ...callback.inputs, ...callback.state].filter(
      (dependency) => matchKeysOf(dependency.id).length > 0,
    );
    const keysOf = (dependency: Dependency): string => matchKeysOf(dependency.id).join(", ");
    const odd = usingMatch.find((dependency) => keysOf(dependency) !== keysOf(usingMatch[0]!));
    if (odd !== undefined) {
      problems.push({
        kind: "wildcard",
        message: `${describe(callback)}: ${dependencyKey(usingMatch[0]!)} uses MATCH on ${keysOf(usingMatch[0]!)} but ${dependencyKey(odd)} on ${keysOf(odd)}; expected MATCH on the same keys in every Output, Input and State`,
      });
    }
    // ALLSMALLER selects ids before the MATCH value of its own key: with none bound it selects nothing.
    const matchKeys = new Set([...callback.inputs, ...callback.state].flatMap((dependency) => matchKeysOf(dependency.id)));
    for (const dependency of [...callback.inputs, ...callback.state]) {
      for (const [key, name] of wildcardsOf(dependency.id)) {
        if (name !== "ALLSMALLER" || matchKeys.has(key)) continue;
        problems.push({
          kind: "wildcard",
          message: `${describe(callback)}: ALLSMALLER on key "${key}" in ${dependencyKey(dependency)} needs a MATCH on the same key in another input; found none`,
        });
      }
    }
  }
  return problems;
}

/**
 * Every problem with the callbacks, in a stable order (empty when all is well).
 * @example
 * const problems = validateCallbacks(registry.all(), { ids: new Set(["a", "b"]), complete: true });
 */
export function validateCallbacks(callbacks: readonly CallbackDefinition[], known: KnownIds): CallbackProblem[] {
  return [...duplicateOutputs(callbacks), ...cycles(callbacks), ...wildcardMisuse(callbacks), ...unknownIds(callbacks, known)];
}
