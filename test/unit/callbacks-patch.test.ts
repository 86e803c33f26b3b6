/**
 * @module
 * A server callback answering a `Patch` (Dash's partial update): the answer carries the marked
 * operations on the wire; on a server-persisted output a Patch is refused with a message saying
 * to return the whole value.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { CallbackRegistry } from "../../src/callbacks/callback-registry.js";
import { dispatchCallback, type DispatchServices } from "../../src/callbacks/callback-dispatch.js";
import { Input, Output } from "../../src/callbacks/dependency.js";
import { DashbaseError, Patch } from "dashbase";
import type { Database } from "dashbase";
import { createStore } from "dashbase/store";

const services: DispatchServices = {
  db: {} as Database,
  store: createStore({ memory: true }, { sweepIntervalMs: 0 }).forOwner("owner-1"),
  session: { id: "s1", userId: null, user: null, owner: "owner-1", anonymousOwner: "owner-1", csrfToken: "t", expiresAt: new Date(0) },
  env: {},
};

function registryWithAppend(): CallbackRegistry {
  const registry = new CallbackRegistry();
  registry.add({
    outputs: [Output("chart", "figure")],
    inputs: [Input("add", "n_clicks")],
    state: [],
    handler: ([clicks]) => {
      const figure = new Patch();
      figure.at("data", 0, "y").append(clicks);
      return [figure];
    },
  });
  return registry;
}

const body = (persist?: string[]) => ({
  callbackId: "chart.figure",
  outputs: [{ id: "chart", property: "figure" }],
  inputs: [{ id: "add", property: "n_clicks", value: 4 }],
  state: [],
  changedPropIds: ["add.n_clicks"],
  ...(persist === undefined ? {} : { persist }),
});

it("answers a Patch as its marked operations on the wire", async () => {
  const result = await dispatchCallback(registryWithAppend(), body(), services, "r");
  assert.equal(result.kind, "update");
  const wire = JSON.parse(JSON.stringify(result.kind === "update" ? result.response : null)) as unknown;
  assert.deepEqual(wire, { chart: { figure: { "dashbase:patch": [{ op: "append", path: ["data", 0, "y"], values: [4] }] } } });
});

it("refuses a Patch on a server-persisted output, saying to return the whole value", async () => {
  await assert.rejects(dispatchCallback(registryWithAppend(), body(["chart.figure"]), services, "r"), (error: unknown) => {
    assert.ok(error instanceof DashbaseError);
    assert.equal(error.code, "DASHBASE_E_CALLBACK_RESULT");
    assert.match(error.message, /Patch for chart\.figure, a server-persisted prop .*return its whole new value/);
    return true;
  });
});

it("refuses a Patch from a background callback, whose answer the push channel applies whole", async () => {
  const registry = registryWithAppend();
  const { prepareCall, runPreparedCall } = await import("../../src/callbacks/callback-dispatch.js");
  const call = prepareCall(registry, body());
  await assert.rejects(
    runPreparedCall(call, services, "r", { report: async () => undefined }),
    /Patch for chart\.figure, an output of a background callback/,
  );
});

it("types a Patch as a value of any output of a typed callback", async () => {
  const { createApp, Input: TypedInput, Output: TypedOutput } = await import("dashbase");
  const app = createApp({});
  // compiles: a Patch where the output's value type is a number list
  app.callback([TypedOutput<number[]>("list", "data")], [TypedInput<number>("add", "n_clicks", { initial: 0 })], ([clicks]) => [
    new Patch().append(clicks),
  ]);
  assert.ok(app);
});
