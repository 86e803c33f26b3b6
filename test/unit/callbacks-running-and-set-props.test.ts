/**
 * @module
 * Dash's callback features on the server side: several callbacks writing one output when they
 * say so (`allowDuplicate`), `setProps` on components that are not outputs, `running` entries on
 * the wire, and the checks of `background`, `progress` and `cancel` declarations.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallbackRegistry } from "../../src/callbacks/callback-registry.js";
import { dispatchCallback, prepareCall, runPreparedCall, type DispatchServices } from "../../src/callbacks/callback-dispatch.js";
import { validateCallbacks } from "../../src/callbacks/callback-validation.js";
import { Input, Output } from "../../src/callbacks/dependency.js";
import { noUpdate as noUpdateValue, PreventUpdate } from "../../src/callbacks/prevent-update.js";
import type { Database } from "dashbase";
import { createStore } from "dashbase/store";

const services: DispatchServices = {
  db: {} as Database,
  store: createStore({ memory: true }, { sweepIntervalMs: 0 }).forOwner("owner-1"),
  session: { id: "s1", userId: null, user: null, owner: "owner-1", anonymousOwner: "owner-1", csrfToken: "t", expiresAt: new Date(0) },
  env: {},
};
const known = (...ids: string[]) => ({ ids: new Set(ids), complete: true });
const call = (callbackId: string, output = "status") => ({
  callbackId,
  outputs: [{ id: output, property: "children" }],
  inputs: [{ id: "go", property: "n_clicks", value: 1 }],
  state: [],
  changedPropIds: ["go.n_clicks"],
});

describe("allowDuplicate", () => {
  it("lets a second callback write an output when it says allowDuplicate, and still refuses one that does not", () => {
    const registry = new CallbackRegistry();
    registry.add({ outputs: [Output("status", "children")], inputs: [Input("a", "n_clicks")], state: [], handler: () => ["a"] });
    registry.add({
      outputs: [Output("status", "children", { allowDuplicate: true })],
      inputs: [Input("b", "n_clicks")],
      state: [],
      handler: () => ["b"],
    });
    assert.deepEqual(validateCallbacks(registry.all(), known("status", "a", "b")), []);
    registry.add({ outputs: [Output("status", "children")], inputs: [Input("c", "n_clicks")], state: [], handler: () => ["c"] });
    const problems = validateCallbacks(registry.all(), known("status", "a", "b", "c"));
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /written by two callbacks.*allowDuplicate: true/);
  });

  it("refuses options that are not { allowDuplicate: boolean }", () => {
    assert.throws(() => Output("x", "children", { allowDuplicate: "yes" as unknown as boolean }), /expected \{ allowDuplicate: boolean \}/);
  });
});

describe("setProps", () => {
  it("adds props of other components to the answer, with the outputs winning where both set a prop", async () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: (_inputs, _state, { setProps }) => {
        setProps("banner", { children: "saved", hidden: false });
        setProps("status", { children: "overwritten by the output", title: "kept" });
        return ["from output"];
      },
    });
    const result = await dispatchCallback(registry, call("status.children"), services, "r1");
    assert.deepEqual(result, {
      kind: "update",
      response: { banner: { children: "saved", hidden: false }, status: { children: "from output", title: "kept" } },
      persist: new Set(),
    });
  });

  it("keeps setProps values when the handler then raises PreventUpdate", async () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: (_inputs, _state, { setProps }) => {
        setProps({ type: "row", index: 2 }, { className: "done" });
        throw new PreventUpdate();
      },
    });
    const result = await dispatchCallback(registry, call("status.children"), services, "r1");
    assert.equal(result.kind, "update");
    assert.deepEqual(result.kind === "update" && result.response, { '{"index":2,"type":"row"}': { className: "done" } });
  });

  it("refuses a wildcard id or an empty props object with a message naming the call", async () => {
    for (const [id, props, pattern] of [
      [{ type: "row", index: ["ALL"] }, { x: 1 }, /expected a component id/],
      ["banner", {}, /expected an object of props/],
    ] as const) {
      const registry = new CallbackRegistry();
      registry.add({
        outputs: [Output("status", "children")],
        inputs: [Input("go", "n_clicks")],
        state: [],
        handler: (_inputs, _state, { setProps }) => {
          setProps(id as never, props);
          return ["x"];
        },
      });
      await assert.rejects(dispatchCallback(registry, call("status.children"), services, "r1"), pattern);
    }
  });
});

describe("running, background, progress and cancel declarations", () => {
  it("lists running entries and the background parts for the renderer", () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: () => ["x"],
      options: {
        running: [[Output("go", "disabled"), true, false]],
        background: true,
        progress: [Output("bar", "value"), Output("bar", "max")],
        cancel: [Input("stop", "n_clicks")],
      },
    });
    assert.deepEqual(registry.specs()[0], {
      id: "status.children",
      outputs: [{ id: "status", property: "children" }],
      inputs: [{ id: "go", property: "n_clicks" }],
      state: [],
      preventInitialCall: false,
      running: [{ id: "go", property: "disabled", during: true, after: false }],
      background: {
        progress: [
          { id: "bar", property: "value" },
          { id: "bar", property: "max" },
        ],
        cancel: [{ id: "stop", property: "n_clicks" }],
      },
    });
  });

  it("refuses progress or cancel without background, and malformed running entries", () => {
    const registry = new CallbackRegistry();
    const add = (options: object) =>
      registry.add({ outputs: [Output("s", "children")], inputs: [Input("go", "n_clicks")], state: [], handler: () => ["x"], options });
    assert.throws(() => add({ progress: [Output("bar", "value")] }), /progress and cancel need background: true/);
    assert.throws(() => add({ running: [[Output("go", "disabled"), true]] }), /running\[0\]: expected running: \[\[Output/);
    assert.throws(() => add({ background: true, cancel: [Output("stop", "n_clicks")] }), /cancel\[0\] must be Input/);
    assert.throws(() => add({ background: { timeoutMs: 5 } }), /timeoutMs: expected whole milliseconds of at least 1000/);
  });

  it("reports unknown ids in running, progress and cancel like any other dependency", () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: () => ["x"],
      options: { running: [[Output("spinner", "hidden"), false, true]], background: true, cancel: [Input("stopp", "n_clicks")] },
    });
    const messages = validateCallbacks(registry.all(), known("status", "go", "stop")).map((problem) => problem.message);
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /Output\("spinner", "hidden"\)/);
    assert.match(messages[1]!, /Input\("stopp", "n_clicks"\).*did you mean|Input\("stopp", "n_clicks"\)/);
  });

  it("sends progress reports in the order they were made, before the final answer", async () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: async (_inputs, _state, { progress, setProps, signal }) => {
        assert.equal(signal.aborted, false);
        void progress([1, 3]);
        setProps("note", { children: "half" });
        await progress([2, 3]);
        return ["done"];
      },
      options: { background: true, progress: [Output("bar", "value"), Output("bar", "max")] },
    });
    const reports: unknown[] = [];
    const result = await runPreparedCall(prepareCall(registry, call("status.children")), services, "r1", {
      report: async (response) => {
        await new Promise((resolve) => setImmediate(resolve));
        reports.push(response);
      },
    });
    assert.deepEqual(reports, [{ bar: { value: 1, max: 3 } }, { note: { children: "half" } }, { bar: { value: 2, max: 3 } }]);
    assert.deepEqual(result.kind === "update" && result.response, { status: { children: "done" } });
  });

  it("makes progress() in an ordinary callback a failure that says what to declare", async () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: async (_inputs, _state, { progress }) => {
        await progress([1]);
        return ["x"];
      },
    });
    await assert.rejects(dispatchCallback(registry, call("status.children"), services, "r1"), /progress\(\.\.\.\) needs progress outputs/);
  });
});

describe("error hooks and callbacks without outputs", () => {
  const failing = (options: object = {}) => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("status", "children"), Output("count", "children")],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: () => {
        throw new Error("the service is down");
      },
      options,
    });
    return registry;
  };
  const twoOutputs = {
    ...call("..status.children...count.children.."),
    outputs: [
      { id: "status", property: "children" },
      { id: "count", property: "children" },
    ],
  };

  it("turns an exception into outputs with the callback's own onError, which sees the error and the call", async () => {
    const registry = failing({
      onError: (error: unknown, { ctx, setProps }: { ctx: { triggeredId: unknown }; setProps: (id: string, props: object) => void }) => {
        setProps("banner", { hidden: false });
        return [`Could not load: ${(error as Error).message} (${String(ctx.triggeredId)})`, noUpdateValue];
      },
    });
    const result = await dispatchCallback(registry, twoOutputs, services, "r1");
    assert.deepEqual(result.kind === "update" && result.response, {
      banner: { hidden: false },
      status: { children: "Could not load: the service is down (go)" },
    });
  });

  it("uses the app's onError when the callback has none, and leaves the outputs alone when it returns nothing", async () => {
    const seen: string[] = [];
    const result = await dispatchCallback(failing(), twoOutputs, services, "r1", {
      onError: (error) => {
        seen.push((error as Error).message);
      },
    });
    assert.deepEqual(seen, ["the service is down"]);
    assert.deepEqual(result, { kind: "prevent" });
  });

  it("reports what the error hook itself throws as the callback's failure", async () => {
    const registry = failing({
      onError: () => {
        throw new Error("the hook failed too");
      },
    });
    await assert.rejects(dispatchCallback(registry, twoOutputs, services, "r1"), /failed: the hook failed too/);
  });

  it("runs a callback without outputs, which may return nothing", async () => {
    const registry = new CallbackRegistry();
    const clicks: unknown[] = [];
    registry.add({
      outputs: [],
      inputs: [Input("go", "n_clicks")],
      state: [],
      handler: ([n]) => {
        clicks.push(n);
        return undefined;
      },
    });
    const result = await dispatchCallback(registry, { ...call(registry.all()[0]!.id), outputs: [] }, services, "r1");
    assert.deepEqual(clicks, [1]);
    assert.deepEqual(result, { kind: "prevent" });
  });
});
