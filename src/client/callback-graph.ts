/**
 * @module
 * The callbacks of an app as a graph, and their invocations over a concrete layout: which
 * callbacks a property change fires, which must wait for which (dependency order), and the
 * concrete inputs, outputs and state of one invocation. Plain data in, plain data out: no DOM.
 */
import type { CallbackSpec, DependencyRef } from "../protocol/callback-spec.js";
import { idKey, propKey, type ComponentId } from "../protocol/ids.js";
import type { CallbackRequest, ConcreteRef, ConcreteValue } from "../protocol/messages.js";
import { idMatches, matchId, patternsOverlap, type MatchValues } from "../protocol/pattern-match.js";
import { isMultiPattern, matchKeysOf } from "../protocol/wildcards.js";

/** What the callback logic needs to know about the current layout. */
export interface LayoutIndex {
  /** Every id present in the layout, in document order. */
  readonly ids: readonly ComponentId[];
  /** Tells whether a component with this id key is present. */
  has(key: string): boolean;
  /** The current value of one property of a present component. */
  prop(key: string, property: string): unknown;
}

/** One run of one callback: the callback, plus the values bound to its MATCH keys. */
export interface Invocation {
  /** Stable key: the callback id plus its MATCH values. */
  readonly key: string;
  readonly spec: CallbackSpec;
  readonly match: MatchValues | null;
}

/** A dependency resolved over the layout: one id, or (for ALL / ALLSMALLER) a list of ids. */
export type ResolvedRef =
  | { readonly multi: false; readonly id: ComponentId | null; readonly property: string }
  | { readonly multi: true; readonly ids: readonly ComponentId[]; readonly property: string };

/** The concrete dependencies of one invocation. */
export interface ResolvedInvocation {
  readonly inputs: readonly ResolvedRef[];
  readonly outputs: readonly ResolvedRef[];
  readonly state: readonly ResolvedRef[];
}

/** A property that changed: a concrete id and the property name. */
export interface ChangedProp {
  readonly id: ComponentId;
  readonly property: string;
}

function invocationKey(spec: CallbackSpec, match: MatchValues | null): string {
  return match === null ? spec.id : `${spec.id}|${idKey(match)}`;
}

/** Makes the invocation of a callback for given MATCH values. */
export function makeInvocation(spec: CallbackSpec, match: MatchValues | null): Invocation {
  return { key: invocationKey(spec, match), spec, match };
}

function usesMatch(spec: CallbackSpec): boolean {
  return [...spec.inputs, ...spec.outputs, ...spec.state].some((ref) => matchKeysOf(ref.id).length > 0);
}

/**
 * Links callbacks by "an output of A may be an input of B", then answers reachability, so a
 * callback waits for every callback upstream of it that is pending or in flight.
 *
 * @example
 * const graph = new CallbackGraph(specs);
 * graph.blocks("a", "c"); // true when a's outputs feed c's inputs, directly or through b
 */
export class CallbackGraph {
  readonly #reach = new Map<string, Set<string>>();

  constructor(readonly specs: readonly CallbackSpec[]) {
    const direct = new Map<string, Set<string>>();
    for (const from of specs) {
      const next = new Set<string>();
      for (const to of specs) {
        const feeds = from.outputs.some((out) =>
          to.inputs.some((input) => input.property === out.property && patternsOverlap(out.id, input.id)),
        );
        if (feeds) next.add(to.id);
      }
      direct.set(from.id, next);
    }
    for (const spec of specs) {
      const seen = new Set<string>();
      const stack = [...(direct.get(spec.id) ?? [])];
      while (stack.length > 0) {
        const id = stack.pop();
        if (id === undefined || seen.has(id)) continue;
        seen.add(id);
        for (const further of direct.get(id) ?? []) stack.push(further);
      }
      this.#reach.set(spec.id, seen);
    }
  }

  /** Tells whether `to` is downstream of `from` (possibly through other callbacks). */
  reaches(from: string, to: string): boolean {
    return this.#reach.get(from)?.has(to) ?? false;
  }

  /**
   * Tells whether a pending or running `upstream` makes `downstream` wait. Callbacks that reach
   * each other (a cycle the server should have refused) never block each other, so nothing hangs.
   */
  blocks(upstream: string, downstream: string): boolean {
    if (upstream === downstream) return false;
    return this.reaches(upstream, downstream) && !this.reaches(downstream, upstream);
  }
}

/** Every invocation of a callback over the layout: one, or one per MATCH value tuple present. */
export function enumerateInvocations(spec: CallbackSpec, index: LayoutIndex): Invocation[] {
  if (!usesMatch(spec)) return [makeInvocation(spec, null)];
  const found = new Map<string, Invocation>();
  for (const input of spec.inputs) {
    if (matchKeysOf(input.id).length === 0) continue;
    for (const id of index.ids) {
      const match = matchId(input.id, id);
      if (match === undefined) continue;
      const invocation = makeInvocation(spec, match);
      found.set(invocation.key, invocation);
    }
  }
  return [...found.values()];
}

function resolveRef(ref: DependencyRef, match: MatchValues | null, index: LayoutIndex): ResolvedRef {
  if (isMultiPattern(ref.id)) {
    return { multi: true, ids: index.ids.filter((id) => idMatches(ref.id, id, match)), property: ref.property };
  }
  const id = index.ids.find((candidate) => idMatches(ref.id, candidate, match)) ?? null;
  return { multi: false, id, property: ref.property };
}

/** Resolves an invocation's dependencies over the layout. */
export function resolveInvocation(invocation: Invocation, index: LayoutIndex): ResolvedInvocation {
  const { spec, match } = invocation;
  return {
    inputs: spec.inputs.map((ref) => resolveRef(ref, match, index)),
    outputs: spec.outputs.map((ref) => resolveRef(ref, match, index)),
    state: spec.state.map((ref) => resolveRef(ref, match, index)),
  };
}

/**
 * Tells whether a resolved invocation may run: every single-id input is present in the layout,
 * and at least one input stands for something. An ALL or ALLSMALLER input that matches nothing
 * is passed as an empty list when another input is present (as in Dash), but a callback whose
 * inputs are all such empty lists has nothing on this page to react to, so it does not run.
 *
 * @example
 * inputsPresent({ inputs: [{ multi: true, ids: [], property: "value" }], outputs: [], state: [] }); // false
 */
export function inputsPresent(resolved: ResolvedInvocation): boolean {
  const singlesPresent = resolved.inputs.every((ref) => ref.multi || ref.id !== null);
  return singlesPresent && resolved.inputs.some((ref) => !ref.multi || ref.ids.length > 0);
}

/** The `<id key>.<property>` keys of a resolved invocation's outputs that are present. */
export function outputPropKeys(resolved: ResolvedInvocation): string[] {
  const keys: string[] = [];
  for (const ref of resolved.outputs) {
    if (ref.multi) for (const id of ref.ids) keys.push(propKey(id, ref.property));
    else if (ref.id !== null) keys.push(propKey(ref.id, ref.property));
  }
  return keys;
}

/** The `<id key>.<property>` keys of a resolved invocation's inputs. */
export function inputPropKeys(resolved: ResolvedInvocation): string[] {
  const keys: string[] = [];
  for (const ref of resolved.inputs) {
    if (ref.multi) for (const id of ref.ids) keys.push(propKey(id, ref.property));
    else if (ref.id !== null) keys.push(propKey(ref.id, ref.property));
  }
  return keys;
}

/**
 * The invocations a set of changed properties fires: every callback with one of them as an Input,
 * narrowed to the MATCH values of the changed id where the input is a MATCH pattern, and to the
 * calls whose inputs hold the changed id where the input is an ALL or ALLSMALLER list.
 */
export function invocationsForChanges(
  specs: readonly CallbackSpec[],
  changes: readonly ChangedProp[],
  index: LayoutIndex,
): Map<string, { invocation: Invocation; changed: Set<string> }> {
  const fired = new Map<string, { invocation: Invocation; changed: Set<string> }>();
  const add = (invocation: Invocation, changed: string): void => {
    const entry = fired.get(invocation.key);
    if (entry) entry.changed.add(changed);
    else fired.set(invocation.key, { invocation, changed: new Set([changed]) });
  };
  for (const change of changes) {
    const changedKey = propKey(change.id, change.property);
    for (const spec of specs) {
      for (const input of spec.inputs) {
        if (input.property !== change.property) continue;
        const match = matchId(input.id, change.id);
        if (match === undefined) continue;
        if (matchKeysOf(input.id).length > 0) {
          add(makeInvocation(spec, match), changedKey);
        } else if (usesMatch(spec)) {
          // only the calls whose input list holds the changed id (ALLSMALLER: those it is smaller for)
          for (const invocation of enumerateInvocations(spec, index)) {
            if (idMatches(input.id, change.id, invocation.match)) add(invocation, changedKey);
          }
        } else {
          add(makeInvocation(spec, null), changedKey);
        }
      }
    }
  }
  return fired;
}

/**
 * The invocations to fire when a layout appears (on load, after navigation) or when new
 * components are added: every invocation, not `preventInitialCall`, whose inputs are all present,
 * limited to those touching `onlyIds` when given.
 */
export function initialInvocations(specs: readonly CallbackSpec[], index: LayoutIndex, onlyIds?: ReadonlySet<string>): Invocation[] {
  const result: Invocation[] = [];
  for (const spec of specs) {
    if (spec.preventInitialCall === true) continue;
    for (const invocation of enumerateInvocations(spec, index)) {
      const resolved = resolveInvocation(invocation, index);
      if (!inputsPresent(resolved)) continue;
      if (onlyIds !== undefined) {
        const touches = resolved.inputs.some((ref) =>
          ref.multi ? ref.ids.some((id) => onlyIds.has(idKey(id))) : ref.id !== null && onlyIds.has(idKey(ref.id)),
        );
        if (!touches) continue;
      }
      result.push(invocation);
    }
  }
  return result;
}

function concreteValue(ref: ResolvedRef, index: LayoutIndex): ConcreteValue | ConcreteValue[] {
  if (ref.multi) {
    return ref.ids.map((id) => ({ id, property: ref.property, value: index.prop(idKey(id), ref.property) }));
  }
  const id = ref.id ?? "";
  return { id, property: ref.property, value: ref.id === null ? undefined : index.prop(idKey(id), ref.property) };
}

function concreteOutput(ref: ResolvedRef): ConcreteRef | ConcreteRef[] {
  if (ref.multi) return ref.ids.map((id) => ({ id, property: ref.property }));
  return { id: ref.id ?? "", property: ref.property };
}

/** Builds the body of `POST /_dashbase/callback` for a resolved invocation. */
export function buildCallbackRequest(
  invocation: Invocation,
  resolved: ResolvedInvocation,
  index: LayoutIndex,
  changedPropIds: Iterable<string>,
): CallbackRequest {
  return {
    callbackId: invocation.spec.id,
    outputs: resolved.outputs.map(concreteOutput),
    inputs: resolved.inputs.map((ref) => concreteValue(ref, index)),
    state: resolved.state.map((ref) => concreteValue(ref, index)),
    changedPropIds: [...changedPropIds],
  };
}
