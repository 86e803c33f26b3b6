/**
 * @module
 * Property-based: the server and the browser renderer read the wire protocol alike. Random ids,
 * wildcard patterns and layouts go to the server's consumers (the layout summary, callback
 * validation and dispatch) and to the renderer's (the layout store, the callback graph), and both
 * must find the same ids under the same keys, select the same components for a pattern, and
 * agree on which ids ALLSMALLER takes. The layouts the renderer sees are the server's after a
 * JSON round trip, as on the wire.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { CallbackRegistry } from "../../src/callbacks/callback-registry.js";
import { dispatchCallback } from "../../src/callbacks/callback-dispatch.js";
import type { DispatchServices } from "../../src/callbacks/callback-dispatch.js";
import { validateCallbacks } from "../../src/callbacks/callback-validation.js";
import { dependencyKey, Input, Output, State, type DependencyId } from "../../src/callbacks/dependency.js";
import {
  buildCallbackRequest,
  initialInvocations,
  invocationsForChanges,
  resolveInvocation,
  type Invocation,
  type ResolvedRef,
} from "../../src/client/callback-graph.js";
import { LayoutStore } from "../../src/client/layout-store.js";
import type { Database } from "../../src/db/database.js";
import { DashbaseError } from "../../src/errors/dashbase-error.js";
import { summarizeLayout } from "../../src/layout/layout-walk.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";
import { compareIdValues } from "../../src/protocol/id-order.js";
import { idKey, parseIdKey, propKey, type ComponentId, type IdValue } from "../../src/protocol/ids.js";
import type { CallbackRequest, ConcreteValue } from "../../src/protocol/messages.js";
import { matchId } from "../../src/protocol/pattern-match.js";
import { ALL, ALLSMALLER, MATCH, matchKeysOf, type Wildcard } from "../../src/protocol/wildcards.js";
import { createStore } from "../../src/store/create-store.js";

// includeErrorInReport: a failure shows the assertion that failed, not only the counterexample
const runs = { numRuns: 300, includeErrorInReport: true };

const services: DispatchServices = {
  db: {} as Database,
  store: createStore({ memory: true }, { sweepIntervalMs: 0 }).forOwner("owner-1"),
  session: { id: "s1", userId: null, user: null, owner: "owner-1", anonymousOwner: "owner-1", csrfToken: "t", expiresAt: new Date(0) },
  env: {},
};

/** What a value reads as after the wire. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

// ---- ids ----

/** Id values that mix numbers and strings on purpose, where the two sides used to disagree (10 vs "9"). */
const idValue: fc.Arbitrary<IdValue> = fc.oneof(
  fc.constantFrom<IdValue>(0, 1, 2, 9, 10, -1, 1.5, "0", "1", "10", "9", "a", "B", "", true, false),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 3 }),
);
/** Values that cannot cross the wire unchanged, or are not id values at all. */
const oddValue = fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, -0, undefined, null, ["ALL"], { nested: 1 });
const keyName = fc.constantFrom("type", "index", "row", "constructor");
const objectOf = <V>(value: fc.Arbitrary<V>): fc.Arbitrary<Record<string, V>> =>
  fc
    .uniqueArray(fc.tuple(keyName, value), { minLength: 1, maxLength: 3, selector: ([key]) => key })
    .map((entries) => Object.fromEntries(entries));
const stringId = fc.oneof(fc.constantFrom("a", "b", "box", "out"), fc.string({ minLength: 1, maxLength: 4 }));
const componentId: fc.Arbitrary<ComponentId> = fc.oneof(stringId, objectOf(idValue));
const wildcard = fc.constantFrom<Wildcard>(ALL, MATCH, ALLSMALLER);
const patternId: fc.Arbitrary<DependencyId> = fc.oneof(stringId, objectOf(fc.oneof(idValue, wildcard)));
/** Whatever an app may put in `props.id`, usable or not. */
const rawId: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: componentId },
  { weight: 1, arbitrary: fc.constantFrom<unknown>("", {}, 3, null, [], true) },
  { weight: 1, arbitrary: objectOf(fc.oneof(idValue, oddValue)) },
);

// ---- layouts ----

interface Tree {
  node: unknown;
  child: unknown;
}
const trees = fc.letrec<Tree>((tie) => ({
  node: fc.record(
    {
      type: fc.constantFrom("html.Div", "dcc.Input", "dcc.Tab", "DataTable"),
      props: fc.record(
        {
          id: rawId,
          children: fc.oneof(tie("child"), fc.array(tie("child"), { maxLength: 4 })),
          // a node outside children counts too, on both sides
          label: tie("node"),
          // rows and figures are data: an object that only looks like a node is not one
          data: fc.array(
            fc.oneof(
              fc.record({ type: fc.string(), x: fc.integer() }),
              fc.record({ type: fc.constant("html.Div"), props: fc.record({ id: stringId }), extra: fc.constant(1) }),
            ),
            {
              maxLength: 3,
            },
          ),
          value: idValue,
        },
        { requiredKeys: [] },
      ),
    },
    { noNullPrototype: true },
  ),
  child: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string({ maxLength: 3 }),
    fc.integer(),
    fc.constant(null),
    tie("node"),
    fc.array(tie("child"), { maxLength: 3 }),
  ),
}));
const layout = trees.child;

/** The ids of a layout as docs/wire-protocol.md describes them, read from its JSON: a reference, written plainly. */
function documentedIds(json: unknown): string[] {
  const keys: string[] = [];
  const isScalar = (value: unknown): boolean => typeof value === "string" || typeof value === "number" || typeof value === "boolean";
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (typeof value !== "object" || value === null) return;
    const node = value as Record<string, unknown>;
    const props = node["props"];
    const isNode =
      Object.keys(node).sort().join() === "props,type" &&
      typeof node["type"] === "string" &&
      typeof props === "object" &&
      props !== null &&
      !Array.isArray(props);
    if (!isNode) return;
    const id = (props as Record<string, unknown>)["id"];
    const usable =
      (typeof id === "string" && id !== "") ||
      (typeof id === "object" && id !== null && !Array.isArray(id) && Object.keys(id).length > 0 && Object.values(id).every(isScalar));
    if (usable) {
      const key =
        typeof id === "string" ? id : JSON.stringify(Object.fromEntries(Object.entries(id as object).sort(([a], [b]) => (a < b ? -1 : 1))));
      if (!keys.includes(key)) keys.push(key);
    }
    Object.values(props as object).forEach(visit);
  };
  visit(json);
  return keys;
}

/** The order docs/wire-protocol.md gives ALLSMALLER, as positions: numbers, then strings, then false, true. */
function documentedPosition(value: IdValue): [number, number | string] {
  if (typeof value === "number") return [0, value];
  if (typeof value === "string") return [1, value];
  return [2, value ? 1 : 0];
}
function documentedCompare(a: IdValue, b: IdValue): number {
  const [ra, va] = documentedPosition(a);
  const [rb, vb] = documentedPosition(b);
  if (ra !== rb) return ra - rb;
  return va === vb ? 0 : va < vb ? -1 : 1;
}

describe("the wire protocol, read alike by server and renderer", () => {
  it("keys ids the same way: dependency keys, property keys, key order, and back from a key", () => {
    fc.assert(
      fc.property(fc.oneof(componentId, patternId), fc.string({ minLength: 1, maxLength: 5 }), (id, property) => {
        assert.equal(dependencyKey({ id, property }), propKey(id, property));
        if (typeof id === "string") return;
        const reversed = Object.fromEntries(Object.entries(id).reverse());
        assert.equal(idKey(reversed), idKey(id), "key order does not matter");
        assert.deepEqual(JSON.parse(idKey(id)), wire(id));
        if (Object.values(id).every((value) => !Array.isArray(value))) assert.deepEqual(parseIdKey(idKey(id)), wire(id));
      }),
      runs,
    );
  });

  it("finds the same ids in a layout: the server's summary, the renderer's store after the wire, and the documented walk", () => {
    fc.assert(
      fc.property(layout, (tree) => {
        const summary = summarizeLayout(tree);
        const store = new LayoutStore(wire(tree) as never);
        const serverKeys = [...summary.ids.keys()];
        assert.deepEqual(
          store.ids.map((id) => idKey(id)),
          serverKeys,
        );
        assert.deepEqual(serverKeys, documentedIds(wire(tree)));
        for (const key of serverKeys) assert.equal(store.node(key)?.type, summary.ids.get(key), `one node per key: ${key}`);
      }),
      runs,
    );
  });

  it("orders id values for ALLSMALLER totally, as documented: numbers, then strings by code unit, then false, true", () => {
    fc.assert(
      fc.property(idValue, idValue, idValue, (a, b, c) => {
        assert.equal(Math.sign(compareIdValues(a, b)), Math.sign(documentedCompare(a, b)));
        assert.equal(Math.sign(compareIdValues(a, b)) + Math.sign(compareIdValues(b, a)), 0, "antisymmetric");
        if (compareIdValues(a, b) < 0 && compareIdValues(b, c) < 0) assert.ok(compareIdValues(a, c) < 0);
      }),
      runs,
    );
    // the case the two sides used to disagree on: the server said 10 < "9" is false, the renderer true
    assert.ok(compareIdValues(10, "9") < 0);
    assert.ok(compareIdValues("10", "9") < 0);
  });
});

// ---- callbacks over a page ----

const small = fc.constantFrom<IdValue>(0, 1, 10, "1", "9", "a", true);
const pageId = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom("s1", "s2") },
  { weight: 4, arbitrary: fc.record({ type: fc.constantFrom("f", "g", "o"), index: small }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom("f", "g"), index: small, row: small }) },
);
/** A component id a dependency id stands for: its wildcards filled with values. */
const instanceOf = (pattern: DependencyId): fc.Arbitrary<ComponentId> => {
  if (typeof pattern === "string") return fc.constant(pattern);
  const slots = Object.entries(pattern).map(([key, value]) =>
    fc.tuple(fc.constant(key), Array.isArray(value) ? (key === "type" ? fc.constantFrom<IdValue>("f", "g") : small) : fc.constant(value)),
  );
  return fc.tuple(...slots).map((entries) => Object.fromEntries(entries) as ComponentId);
};
/** A page with the output "out", some ids the callback's dependencies stand for, and others. */
const pageFor = (patterns: readonly DependencyId[]) =>
  fc.array(fc.oneof(pageId, ...patterns.map(instanceOf)), { minLength: 0, maxLength: 16 }).map((ids) => ({
    type: "html.Div",
    props: {
      children: [{ type: "html.Div", props: { id: "out" } }, ...ids.map((id, n) => ({ type: "dcc.Input", props: { id, value: n } }))],
    },
  }));
const slot = (wildcards: readonly Wildcard[]) =>
  fc.oneof({ weight: 1, arbitrary: small }, { weight: 2, arbitrary: fc.constantFrom(...wildcards) });
const dependencyId = (wildcards: readonly Wildcard[]): fc.Arbitrary<DependencyId> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom("s1", "s2") },
    {
      weight: 4,
      arbitrary: fc.record({ type: fc.oneof(fc.constantFrom("f", "g"), fc.constantFrom(...wildcards)), index: slot(wildcards) }),
    },
    { weight: 2, arbitrary: fc.record({ type: fc.constantFrom("f", "g"), index: slot(wildcards), row: slot(wildcards) }) },
  );
const callbackShape = fc.record({
  output: fc.oneof(
    { weight: 3, arbitrary: fc.constant<DependencyId>("out") },
    { weight: 1, arbitrary: fc.constant<DependencyId>({ type: "o", index: ALL }) },
    { weight: 1, arbitrary: fc.constant<DependencyId>({ type: "o", index: MATCH }) },
  ),
  inputs: fc.array(dependencyId([ALL, MATCH, ALLSMALLER]), { minLength: 1, maxLength: 3 }),
  state: fc.array(dependencyId([ALL, MATCH, ALLSMALLER]), { maxLength: 2 }),
});

interface Seen {
  inputs: unknown[];
  state: unknown[];
}

/** The callback on a server-side registry, and as the wire lists it; undefined when startup validation would refuse its wildcards. */
function register(
  shape: { output: DependencyId; inputs: DependencyId[]; state: DependencyId[] },
  seen: Seen[],
): { registry: CallbackRegistry; spec: CallbackSpec } | undefined {
  const registry = new CallbackRegistry();
  registry.add({
    outputs: [Output(shape.output, "children")],
    inputs: shape.inputs.map((id) => Input(id, "value")),
    state: shape.state.map((id) => State(id, "value")),
    handler: (inputs, state, { ctx }) => {
      seen.push({ inputs, state });
      const out = ctx.outputsList[0];
      return [Array.isArray(out) ? out.map(() => "x") : "x"];
    },
  });
  const problems = validateCallbacks(registry.all(), { ids: new Set(), complete: false }).filter((problem) => problem.kind === "wildcard");
  return problems.length === 0 ? { registry, spec: wire(registry.specs()[0]!) } : undefined;
}

/** Runs a request body on the server side, as it arrives: after the wire. */
const dispatch = (registry: CallbackRegistry, body: unknown) => dispatchCallback(registry, wire(body), services, "r");
const refused = (error: unknown): boolean => error instanceof DashbaseError && error.code === "DASHBASE_E_CALLBACK_MISMATCH";
const singlesResolved = (refs: readonly ResolvedRef[]): boolean => refs.every((ref) => ref.multi || ref.id !== null);

/** Checks one invocation the renderer would send: the server takes exactly what the renderer chose. */
async function agreeOn(
  registry: CallbackRegistry,
  invocation: Invocation,
  store: LayoutStore,
  changed: Iterable<string>,
  seen: Seen[],
): Promise<void> {
  const resolved = resolveInvocation(invocation, store);
  const request = buildCallbackRequest(invocation, resolved, store, changed);
  const complete = singlesResolved(resolved.inputs) && singlesResolved(resolved.state) && singlesResolved(resolved.outputs);
  if (!complete) {
    // an absent State or Output goes out as id "": the server refuses it, it never guesses
    await assert.rejects(dispatch(registry, request), refused);
    return;
  }
  seen.length = 0;
  const result = await dispatch(registry, request);
  const values = (entries: CallbackRequest["inputs"]) =>
    entries.map((entry) => (Array.isArray(entry) ? entry.map((item: ConcreteValue) => item.value) : (entry as ConcreteValue).value));
  assert.deepEqual(seen, [{ inputs: wire(values(request.inputs)), state: wire(values(request.state)) }]);
  if (result.kind === "update")
    for (const key of Object.keys(result.response))
      assert.ok(store.has(key), `the renderer has the component the server answers for: ${key}`);

  // Where a single dependency binds every MATCH value, the server binds the same ones as the
  // renderer; then, for each id on the page with a pattern's shape, the server must take a list of
  // just that id exactly when the renderer would have chosen it (ALL, MATCH and ALLSMALLER alike).
  const refs = [...invocation.spec.inputs, ...invocation.spec.state, ...invocation.spec.outputs];
  const binder = [...resolved.inputs, ...resolved.state, ...resolved.outputs].some(
    (ref, n) => !ref.multi && ref.id !== null && matchKeysOf(refs[n]!.id).length > 0,
  );
  if (invocation.match !== null && !binder) return;
  for (const list of ["inputs", "state"] as const) {
    for (const [n, ref] of resolved[list].entries()) {
      if (!ref.multi) continue;
      const pattern = invocation.spec[list][n]!.id;
      for (const id of store.ids) {
        if (matchId(pattern, id) === undefined) continue;
        const chosen = ref.ids.some((other) => idKey(other) === idKey(id));
        const entries = [...request[list]];
        entries[n] = [{ id, property: ref.property, value: store.prop(idKey(id), ref.property) }];
        const body = { ...request, [list]: entries, changedPropIds: [] };
        const accepted = await dispatch(registry, body).then(
          () => true,
          (error: unknown) => {
            if (!refused(error)) throw error;
            return false;
          },
        );
        assert.equal(
          accepted,
          chosen,
          `${list}[${n}] ${dependencyKey({ id: pattern, property: "value" })}: ${idKey(id)} under ${JSON.stringify(invocation.match)}`,
        );
      }
    }
  }
}

describe("callbacks over a page, run by the renderer and checked by the server", () => {
  it("the server accepts every call the renderer makes, with the ids the renderer chose, and no others", async () => {
    await fc.assert(
      fc.asyncProperty(
        callbackShape.chain((shape) => fc.tuple(fc.constant(shape), pageFor([shape.output, ...shape.inputs, ...shape.state]))),
        fc.nat(),
        async ([shape, tree], pick) => {
          const seen: Seen[] = [];
          const callback = register(shape, seen);
          fc.pre(callback !== undefined);
          const { registry, spec } = callback!;
          const store = new LayoutStore(wire(tree));
          for (const invocation of initialInvocations([spec], store)) await agreeOn(registry, invocation, store, [], seen);
          // a change to one component fires what it feeds, with keys the server recognises
          if (store.ids.length === 0) return;
          const changedId = store.ids[pick % store.ids.length]!;
          const fired = invocationsForChanges([spec], [{ id: changedId, property: "value" }], store);
          for (const { invocation, changed } of fired.values()) await agreeOn(registry, invocation, store, changed, seen);
        },
      ),
      runs,
    );
  });
});
