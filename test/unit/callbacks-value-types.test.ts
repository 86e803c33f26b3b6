/**
 * @module
 * Handler argument types that do not lie about first calls: an Input or State value is `T | undefined`
 * (the first call and an untouched component bring none) unless `{ initial }` is given, and then the
 * dispatcher really passes that value. The `@ts-expect-error` lines are checked by
 * `tsc -p tsconfig.check.json`: each fails the type check the day the error they expect goes away.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ALL, createApp, Input, Output, State } from "dashbase";
import type { Database } from "dashbase";
import { createStore } from "dashbase/store";
import { CallbackRegistry } from "../../src/callbacks/callback-registry.js";
import { dispatchCallback } from "../../src/callbacks/callback-dispatch.js";
import type { DispatchServices } from "../../src/callbacks/callback-dispatch.js";

// Type-level checks: compiled by `tsc -p tsconfig.check.json`, only registered when run.
function typeChecks(): void {
  const app = createApp({});
  app.callback(
    [Output<string>("out", "children")],
    [Input<number>("add", "n_clicks")],
    [State<string>("text", "value")],
    ([clicks], [text]) => {
      // @ts-expect-error the first call brings no n_clicks: `clicks` is number | undefined
      clicks.toFixed();
      // @ts-expect-error an untouched input brings no value: `text` is string | undefined
      text.trim();
      const guarded: string = (clicks ?? 0).toFixed() + (text?.trim() ?? "");
      return [guarded];
    },
  );
  app.callback(
    [Output<string>("out2", "children")],
    [Input<number>("add", "n_clicks", { initial: 0 })],
    [State<string>("text", "value", { initial: "" })],
    ([clicks], [text]) => {
      // `{ initial }` guarantees a value, so no guard is needed.
      return [clicks.toFixed() + text.trim()];
    },
  );
  // An ALL input is an array whose elements may each be missing; with `{ initial }` they may not.
  app.callback(
    [Output<number>("total", "children")],
    [Input<number, { type: "qty"; index: typeof ALL }>({ type: "qty", index: ALL }, "value")],
    ([values]) => {
      // @ts-expect-error one of the matched inputs may hold no value
      const wrong: number = values.reduce((sum, value) => sum + value, 0);
      return [wrong + values.reduce((sum: number, value) => sum + (value ?? 0), 0)];
    },
  );
  app.callback(
    [Output<number>("total2", "children")],
    [Input<number, { type: "qty"; index: typeof ALL }>({ type: "qty", index: ALL }, "value", { initial: 0 })],
    ([values]) => [values.reduce((sum, value) => sum + value, 0)],
  );
  // @ts-expect-error the initial value must be of the declared type
  Input<number>("x", "value", { initial: "zero" });
}

const services: DispatchServices = {
  db: {} as Database,
  store: createStore({ memory: true }, { sweepIntervalMs: 0 }).forOwner("owner-1"),
  session: { id: "s1", userId: null, user: null, owner: "owner-1", anonymousOwner: "owner-1", csrfToken: "t", expiresAt: new Date(0) },
  env: {},
};

describe("callback value types", () => {
  it("type-checks (the checks above are compile-time only)", () => {
    assert.equal(typeof typeChecks, "function");
  });

  it("passes `{ initial }` where the component holds no value (undefined or null), and the value itself otherwise", async () => {
    const registry = new CallbackRegistry();
    const seen: unknown[] = [];
    registry.add({
      outputs: [Output("out", "children")],
      inputs: [Input<number>("add", "n_clicks", { initial: 0 }), Input({ type: "qty", index: ALL }, "value", { initial: 1 })],
      state: [State<string>("text", "value", { initial: "" }), State<string>("plain", "value")],
      handler: (inputs, state) => {
        seen.push([inputs, state]);
        return ["ok"];
      },
    });
    const call = (clicks: unknown, qty: unknown[], text: unknown) => ({
      callbackId: "out.children",
      outputs: [{ id: "out", property: "children" }],
      inputs: [
        { id: "add", property: "n_clicks", value: clicks },
        qty.map((value, index) => ({ id: { type: "qty", index }, property: "value", value })),
      ],
      state: [
        { id: "text", property: "value", value: text },
        { id: "plain", property: "value" },
      ],
    });
    await dispatchCallback(registry, call(undefined, [undefined, 5, null], null), services, "r1");
    await dispatchCallback(registry, call(3, [], "hi"), services, "r2");
    assert.deepEqual(seen, [
      [
        [0, [1, 5, 1]],
        ["", undefined],
      ],
      [
        [3, []],
        ["hi", undefined],
      ],
    ]);
  });

  it("refuses options that are not { initial }", () => {
    assert.throws(() => Input<number>("x", "value", {} as never), /expected \{ initial: value \}/);
  });
});
