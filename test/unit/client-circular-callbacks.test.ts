/**
 * @module
 * Dash's "circular callbacks within one callback": a callback whose outputs are also its inputs
 * (two controls kept in sync) runs once per user change; its own answer fires nothing more.
 * Marked todo: dashbase's renderer fires the callback again on its own answer, so it asks the
 * server over and over (docs/comparison.md counts the row as ✗). Remove `todo` once fixed.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { CallbackRunner, type CallbackOutcome } from "../../src/client/callback-runner.js";
import { LayoutStore } from "../../src/client/layout-store.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";

it(
  "runs a callback that syncs two inputs once per user change, not again on its own answer",
  { todo: "the renderer re-fires a callback on its own outputs (see docs/comparison.md, circular callbacks)" },
  async () => {
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
  },
);
