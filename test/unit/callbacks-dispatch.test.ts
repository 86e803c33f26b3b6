import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallbackRegistry } from "../../src/callbacks/callback-registry.js";
import { dispatchCallback } from "../../src/callbacks/callback-dispatch.js";
import type { DispatchServices } from "../../src/callbacks/callback-dispatch.js";
import { ALL, ALLSMALLER, Input, MATCH, Output, State } from "../../src/callbacks/dependency.js";
import { noUpdate, PreventUpdate } from "../../src/callbacks/prevent-update.js";
import { DashbaseError } from "dashbase";
import type { Database } from "dashbase";
import { createStore } from "dashbase/store";

const services: DispatchServices = {
  db: {} as Database,
  store: createStore({ memory: true }, { sweepIntervalMs: 0 }).forOwner("owner-1"),
  session: { id: "s1", userId: null, user: null, owner: "owner-1", anonymousOwner: "owner-1", csrfToken: "t", expiresAt: new Date(0) },
  env: {},
};

function rejectsWith(code: string, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof DashbaseError, `expected a DashbaseError, found ${String(error)}`);
    assert.equal(error.code, code);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

describe("callback registry", () => {
  it("names callbacks by their outputs and lists them for the renderer", () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("out", "children")],
      inputs: [Input("in", "value")],
      state: [State("s", "value")],
      handler: () => ["x"],
    });
    registry.add({
      outputs: [Output("a", "x"), Output("b", "y")],
      inputs: [Input("in", "value")],
      state: [],
      handler: () => [1, 2],
      options: { preventInitialCall: true },
    });
    assert.deepEqual(registry.specs(), [
      {
        id: "out.children",
        outputs: [{ id: "out", property: "children" }],
        inputs: [{ id: "in", property: "value" }],
        state: [{ id: "s", property: "value" }],
        preventInitialCall: false,
      },
      {
        id: "..a.x...b.y..",
        outputs: [
          { id: "a", property: "x" },
          { id: "b", property: "y" },
        ],
        inputs: [{ id: "in", property: "value" }],
        state: [],
        preventInitialCall: true,
      },
    ]);
    assert.equal(JSON.stringify(Input({ type: "f", index: ALL }, "value").id), '{"type":"f","index":["ALL"]}');
  });

  it("refuses an Input passed where an Output belongs, and a callback without inputs", () => {
    const registry = new CallbackRegistry();
    assert.throws(
      () => registry.add({ outputs: [Input("a", "b")] as never, inputs: [Input("in", "value")], state: [], handler: () => [] }),
      /outputs\[0\] must be Output\(id, property\), found input\(\.\.\.\)/,
    );
    assert.throws(
      () => registry.add({ outputs: [Output("a", "b")], inputs: [], state: [], handler: () => [] }),
      /expected at least one Input/,
    );
  });
});

describe("callback dispatch", () => {
  const registry = new CallbackRegistry();
  const calls: unknown[] = [];
  registry.add({
    outputs: [Output("out", "children"), Output("count", "children")],
    inputs: [Input("in", "value"), Input("btn", "n_clicks")],
    state: [State("name", "value")],
    handler: (inputs, state, { ctx, session }) => {
      calls.push({ inputs, state, triggeredId: ctx.triggeredId, owner: session.owner });
      if (inputs[0] === "stop") throw new PreventUpdate();
      if (inputs[0] === "boom") throw new Error("database said no");
      if (inputs[0] === "bad") return ["only one"];
      return [`hello ${String(state[0])}`, inputs[0] === "keep" ? noUpdate : inputs[1]];
    },
  });
  const body = (value: unknown, changed = ["in.value"]) => ({
    callbackId: "..out.children...count.children..",
    outputs: [
      { id: "out", property: "children" },
      { id: "count", property: "children" },
    ],
    inputs: [
      { id: "in", property: "value", value },
      { id: "btn", property: "n_clicks", value: 3 },
    ],
    state: [{ id: "name", property: "value", value: "Ada" }],
    changedPropIds: changed,
  });

  it("runs the handler and answers every output by id key and property", async () => {
    const result = await dispatchCallback(registry, body("x"), services, "req-1");
    assert.deepEqual(result, { kind: "update", response: { out: { children: "hello Ada" }, count: { children: 3 } }, persist: new Set() });
    assert.deepEqual(calls.at(-1), { inputs: ["x", 3], state: ["Ada"], triggeredId: "in", owner: "owner-1" });
  });

  it("leaves out a noUpdate output and reports PreventUpdate as prevent", async () => {
    assert.deepEqual(await dispatchCallback(registry, body("keep"), services, "r"), {
      kind: "update",
      response: { out: { children: "hello Ada" } },
      persist: new Set(),
    });
    assert.deepEqual(await dispatchCallback(registry, body("stop"), services, "r"), { kind: "prevent" });
  });

  it("has a null triggeredId on the initial call", async () => {
    await dispatchCallback(registry, body("x", []), services, "r");
    assert.equal((calls.at(-1) as { triggeredId: unknown }).triggeredId, null);
  });

  it("refuses an unknown callback, an unexpected id or property, and a changed prop that is no input, before any handler runs", async () => {
    const before = calls.length;
    await assert.rejects(
      dispatchCallback(registry, { ...body("x"), callbackId: "nope" }, services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_UNKNOWN", /no callback named "nope"; expected one of: \.\.out\.children/),
    );
    const wrongId = body("x");
    wrongId.inputs[0] = { id: "other", property: "value", value: 1 };
    await assert.rejects(
      dispatchCallback(registry, wrongId, services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_MISMATCH", /inputs\[0\]: expected in\.value, found other\.value/),
    );
    const wrongProp = body("x");
    wrongProp.outputs[1] = { id: "count", property: "style" };
    await assert.rejects(
      dispatchCallback(registry, wrongProp, services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_MISMATCH", /outputs\[1\]: expected count\.children, found count\.style/),
    );
    const missing = body("x");
    missing.state = [];
    await assert.rejects(
      dispatchCallback(registry, missing, services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_MISMATCH", /expected 1 state \(name\.value\), found 0/),
    );
    await assert.rejects(
      dispatchCallback(registry, body("x", ["name.value"]), services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_MISMATCH", /changedPropIds: "name\.value" is not one of this call's inputs/),
    );
    await assert.rejects(dispatchCallback(registry, "not an object", services, "r"), rejectsWith("DASHBASE_E_BAD_REQUEST"));
    assert.equal(calls.length, before);
  });

  it("wraps a handler's error in DASHBASE_E_CALLBACK_FAILED with the cause, and a wrong answer in CALLBACK_RESULT", async () => {
    await assert.rejects(dispatchCallback(registry, body("boom"), services, "r"), (error: unknown) => {
      assert.ok(error instanceof DashbaseError);
      assert.equal(error.code, "DASHBASE_E_CALLBACK_FAILED");
      assert.match(error.message, /database said no/);
      assert.ok(error.cause instanceof Error);
      return true;
    });
    await assert.rejects(
      dispatchCallback(registry, body("bad"), services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_RESULT", /one value per output \(2: out\.children, count\.children\), found an array of 1/),
    );
  });
});

describe("pattern-matching callbacks", () => {
  const registry = new CallbackRegistry();
  registry.add({
    outputs: [Output("total", "children")],
    inputs: [Input({ type: "qty", index: ALL }, "value")],
    state: [],
    handler: (inputs) => [(inputs[0] as number[]).reduce((a, b) => a + b, 0)],
  });
  registry.add({
    outputs: [Output({ type: "label", index: MATCH }, "children")],
    inputs: [Input({ type: "qty", index: MATCH }, "value"), Input({ type: "qty", index: ALLSMALLER }, "value")],
    state: [],
    handler: (inputs, _state, { ctx }) => [
      `#${JSON.stringify(ctx.triggeredId)} ${String(inputs[0])} after ${(inputs[1] as unknown[]).length}`,
    ],
  });
  registry.add({
    outputs: [Output({ type: "label", index: ALL }, "style")],
    inputs: [Input("color", "value")],
    state: [],
    handler: (inputs) => [[{ color: inputs[0] }, noUpdate]],
  });

  it("passes ALL inputs as an array of values", async () => {
    const result = await dispatchCallback(
      registry,
      {
        callbackId: "total.children",
        outputs: [{ id: "total", property: "children" }],
        inputs: [
          [
            { id: { type: "qty", index: 1 }, property: "value", value: 2 },
            { id: { index: 2, type: "qty" }, property: "value", value: 5 },
          ],
        ],
        changedPropIds: ['{"index":2,"type":"qty"}.value'],
      },
      services,
      "r",
    );
    assert.deepEqual(result, { kind: "update", response: { total: { children: 7 } }, persist: new Set() });
  });

  it("answers a MATCH output for the matched id, with ALLSMALLER below it", async () => {
    const result = await dispatchCallback(
      registry,
      {
        callbackId: '{"index":["MATCH"],"type":"label"}.children',
        outputs: [{ id: { type: "label", index: 3 }, property: "children" }],
        inputs: [
          { id: { type: "qty", index: 3 }, property: "value", value: 9 },
          [
            { id: { type: "qty", index: 1 }, property: "value", value: 2 },
            { id: { type: "qty", index: 2 }, property: "value", value: 5 },
          ],
        ],
        changedPropIds: ['{"index":3,"type":"qty"}.value'],
      },
      services,
      "r",
    );
    assert.deepEqual(result, {
      kind: "update",
      response: { '{"index":3,"type":"label"}': { children: '#{"type":"qty","index":3} 9 after 2' } },
      persist: new Set(),
    });
  });

  it("refuses MATCH values that disagree, and ALLSMALLER ids that are not smaller", async () => {
    const base = {
      callbackId: '{"index":["MATCH"],"type":"label"}.children',
      outputs: [{ id: { type: "label", index: 3 }, property: "children" }],
      inputs: [{ id: { type: "qty", index: 4 }, property: "value", value: 9 }, []],
    };
    await assert.rejects(
      dispatchCallback(registry, base, services, "r"),
      rejectsWith("DASHBASE_E_CALLBACK_MISMATCH", /MATCH key "index" is 4 here but 3 elsewhere/),
    );
    await assert.rejects(
      dispatchCallback(
        registry,
        {
          ...base,
          inputs: [
            { id: { type: "qty", index: 3 }, property: "value", value: 9 },
            [{ id: { type: "qty", index: 5 }, property: "value", value: 1 }],
          ],
        },
        services,
        "r",
      ),
      rejectsWith("DASHBASE_E_CALLBACK_MISMATCH", /not smaller than the MATCH values/),
    );
  });

  it("spreads an ALL output's array over the matched ids, skipping noUpdate entries", async () => {
    const result = await dispatchCallback(
      registry,
      {
        callbackId: '{"index":["ALL"],"type":"label"}.style',
        outputs: [
          [
            { id: { type: "label", index: 1 }, property: "style" },
            { id: { type: "label", index: 2 }, property: "style" },
          ],
        ],
        inputs: [{ id: "color", property: "value", value: "red" }],
      },
      services,
      "r",
    );
    assert.deepEqual(result, {
      kind: "update",
      response: { '{"index":1,"type":"label"}': { style: { color: "red" } } },
      persist: new Set(),
    });
  });
});
