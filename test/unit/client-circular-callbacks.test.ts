/**
 * @module
 * Dash's "circular callbacks within one callback": a callback whose outputs are also its inputs
 * (two controls kept in sync) runs once per user change; its own answer fires nothing more.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { CallbackRunner, type CallbackOutcome } from "../../src/client/callback-runner.js";
import { LayoutStore } from "../../src/client/layout-store.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";
import type { CallbackRequest } from "../../src/protocol/messages.js";

it("runs a callback that syncs two inputs once per user change, not again on its own answer", async () => {
  const specs: CallbackSpec[] = [
    {
      id: "sync",
      outputs: [
        { id: "a", property: "value" },
        { id: "b", property: "value" },
      ],
      inputs: [
        { id: "a", property: "value" },
        { id: "b", property: "value" },
      ],
      state: [],
    },
  ];
  const store = new LayoutStore({
    type: "html.Div",
    props: {
      children: [
        { type: "dcc.Input", props: { id: "a", value: 1 } },
        { type: "dcc.Input", props: { id: "b", value: 1 } },
      ],
    },
  });
  let calls = 0;
  const transport = async (): Promise<CallbackOutcome> => {
    calls += 1;
    await new Promise((resolve) => setImmediate(resolve));
    // stop a runaway loop so the test ends either way
    if (calls > 10) return { kind: "prevent" };
    return { kind: "update", response: { a: { value: 5 }, b: { value: 5 } } };
  };
  const runner = new CallbackRunner(specs, transport, {
    index: () => store,
    applyResponse: (response) => store.setMany(response),
    setLoading: () => undefined,
    reportError: (error) => assert.fail(error.message),
  });
  runner.propsChanged([{ id: "a", property: "value" }]);
  await runner.idle();
  assert.equal(calls, 1);
});

it("still fires the other callbacks that take the synced props as inputs", async () => {
  const specs: CallbackSpec[] = [
    {
      id: "sync",
      outputs: [
        { id: "a", property: "value" },
        { id: "b", property: "value" },
      ],
      inputs: [
        { id: "a", property: "value" },
        { id: "b", property: "value" },
      ],
      state: [],
    },
    { id: "show", outputs: [{ id: "out", property: "children" }], inputs: [{ id: "b", property: "value" }], state: [] },
  ];
  const store = new LayoutStore({
    type: "html.Div",
    props: {
      children: [
        { type: "dcc.Input", props: { id: "a", value: 1 } },
        { type: "dcc.Input", props: { id: "b", value: 1 } },
        { type: "html.Div", props: { id: "out", children: "" } },
      ],
    },
  });
  const calls: string[] = [];
  const transport = async (request: CallbackRequest): Promise<CallbackOutcome> => {
    await new Promise((resolve) => setImmediate(resolve));
    if (request.callbackId === "show") {
      calls.push("show");
      return { kind: "update", response: { out: { children: `b is ${String(store.prop("b", "value"))}` } } };
    }
    calls.push("sync");
    if (calls.length > 10) return { kind: "prevent" };
    return { kind: "update", response: { a: { value: 7 }, b: { value: 7 } } };
  };
  const runner = new CallbackRunner(specs, transport, {
    index: () => store,
    applyResponse: (response) => store.setMany(response),
    setLoading: () => undefined,
    reportError: (error) => assert.fail(error.message),
  });
  runner.propsChanged([{ id: "a", property: "value" }]);
  await runner.idle();
  assert.deepEqual(calls, ["sync", "show"]);
  assert.equal(store.prop("out", "children"), "b is 7");
});
