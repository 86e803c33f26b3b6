import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallbackRegistry } from "../../src/callbacks/callback-registry.js";
import { validateCallbacks } from "../../src/callbacks/callback-validation.js";
import { ALL, ALLSMALLER, Input, MATCH, Output, State } from "../../src/callbacks/dependency.js";

const known = (...ids: string[]) => ({ ids: new Set(ids), complete: true });
const handler = () => [];

describe("callback validation", () => {
  it("reports an output written by two callbacks, naming both", () => {
    const registry = new CallbackRegistry();
    registry.add({ outputs: [Output("chart", "figure")], inputs: [Input("a", "value")], state: [], handler });
    registry.add({ outputs: [Output("chart", "figure")], inputs: [Input("b", "value")], state: [], handler });
    const problems = validateCallbacks(registry.all(), known("chart", "a", "b"));
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.kind, "duplicate-output");
    assert.match(
      problems[0]!.message,
      /output chart\.figure is written by two callbacks: callback "chart\.figure" \(.*callbacks-validation\.test\.ts:\d+\) and callback "chart\.figure#2".*expected one callback per output/,
    );
  });

  it("reports a cycle between callbacks with its path, but lets a callback read its own output", () => {
    const registry = new CallbackRegistry();
    registry.add({ outputs: [Output("b", "value")], inputs: [Input("a", "value")], state: [], handler });
    registry.add({ outputs: [Output("c", "value")], inputs: [Input("b", "value")], state: [], handler });
    registry.add({ outputs: [Output("a", "value")], inputs: [Input("c", "value")], state: [], handler });
    registry.add({ outputs: [Output("x", "value")], inputs: [Input("x", "value")], state: [], handler });
    const problems = validateCallbacks(registry.all(), known("a", "b", "c", "x"));
    assert.deepEqual(
      problems.map((problem) => problem.kind),
      ["cycle"],
    );
    assert.match(
      problems[0]!.message,
      /callbacks form a cycle: a\.value -> b\.value \| b\.value -> c\.value \| c\.value -> a\.value \| a\.value -> b\.value; expected/,
    );
  });

  it("does not call a State a cycle", () => {
    const registry = new CallbackRegistry();
    registry.add({ outputs: [Output("b", "value")], inputs: [Input("a", "value")], state: [], handler });
    registry.add({ outputs: [Output("a", "value")], inputs: [Input("go", "n_clicks")], state: [State("b", "value")], handler });
    assert.deepEqual(validateCallbacks(registry.all(), known("a", "b", "go")), []);
  });

  it("reports an id no static layout contains, with a near miss, only when every layout is known", () => {
    const registry = new CallbackRegistry();
    registry.add({ outputs: [Output("Chart", "figure")], inputs: [Input("indicator", "value")], state: [], handler });
    const problems = validateCallbacks(registry.all(), known("chart", "indicator"));
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!.message,
      /uses Output\("Chart", "figure"\) but no page layout contains a component with id "Chart" \(did you mean "chart"\?\)/,
    );
    assert.deepEqual(validateCallbacks(registry.all(), { ids: new Set(), complete: false }), []);
  });

  it("checks wildcard use: ALLSMALLER only in inputs, MATCH outputs need a MATCH input", () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output({ type: "o", index: MATCH }, "children")],
      inputs: [Input({ type: "i", index: ALL }, "value")],
      state: [],
      handler,
    });
    registry.add({
      outputs: [Output({ type: "p", index: ALLSMALLER }, "children")],
      inputs: [Input({ type: "i", index: MATCH }, "value")],
      state: [],
      handler,
    });
    const messages = validateCallbacks(registry.all(), known()).map((problem) => problem.message);
    assert.equal(messages.length, 2);
    assert.match(messages[1]!, /Output \{"index":\["ALLSMALLER"\],"type":"p"\}\.children uses ALLSMALLER; expected ALL or MATCH/);
    assert.match(messages[0]!, /an Output uses MATCH but no Input or State does/);
  });

  it("asks for ALLSMALLER on a key that has a MATCH, and for MATCH on the same keys everywhere", () => {
    const registry = new CallbackRegistry();
    registry.add({
      outputs: [Output("ok", "children")],
      inputs: [Input({ type: "i", index: MATCH }, "value"), Input({ type: "i", index: ALLSMALLER }, "value")],
      state: [],
      handler,
    });
    registry.add({
      outputs: [Output("a", "children")],
      inputs: [Input({ type: "i", index: MATCH }, "value"), Input({ type: "j", row: ALLSMALLER }, "value")],
      state: [],
      handler,
    });
    registry.add({
      outputs: [Output({ type: "o", index: MATCH }, "children")],
      inputs: [Input({ type: "i", index: MATCH, row: MATCH }, "value")],
      state: [],
      handler,
    });
    const messages = validateCallbacks(registry.all(), known("ok", "a")).map((problem) => problem.message);
    assert.equal(messages.length, 2, messages.join("\n"));
    assert.match(
      messages[0]!,
      /callback "a\.children".*: ALLSMALLER on key "row" in \{"row":\["ALLSMALLER"\],"type":"j"\}\.value needs a MATCH on the same key/,
    );
    assert.match(
      messages[1]!,
      /uses MATCH on index but \{"index":\["MATCH"\],"row":\["MATCH"\],"type":"i"\}\.value on index, row; expected MATCH on the same keys/,
    );
  });
});
