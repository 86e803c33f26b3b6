/**
 * @module
 * The renderer's side of `running`, background callbacks and cancel, without a browser: running
 * props set while a call is in flight and restored after any ending, progress applied as it comes,
 * the push channel's final message ending the call, and a cancel input stopping the job.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallbackRunner, type CallbackOutcome } from "../../src/client/callback-runner.js";
import { LayoutStore } from "../../src/client/layout-store.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";
import type { ComponentNode } from "../../src/protocol/layout-tree.js";
import type { CallbackRequest } from "../../src/protocol/messages.js";

const node = (type: string, props: Record<string, unknown>): ComponentNode => ({ type, props });
const dep = (id: string, property: string) => ({ id, property });

const page = (): LayoutStore =>
  new LayoutStore(
    node("html.Div", {
      children: [
        node("html.Button", { id: "run", disabled: false }),
        node("html.Button", { id: "stop", disabled: true }),
        node("html.Progress", { id: "bar", value: 0 }),
        node("html.Div", { id: "out", children: "" }),
        node("html.Div", { id: "after", children: "" }),
      ],
    }),
  );

const longSpec: CallbackSpec = {
  id: "out.children",
  outputs: [dep("out", "children")],
  inputs: [dep("run", "n_clicks")],
  state: [],
  preventInitialCall: true,
  running: [
    { ...dep("run", "disabled"), during: true, after: false },
    { ...dep("stop", "disabled"), during: false, after: true },
  ],
  background: { progress: [dep("bar", "value")], cancel: [dep("stop", "n_clicks")] },
};
const downstream: CallbackSpec = {
  id: "after.children",
  outputs: [dep("after", "children")],
  inputs: [dep("out", "children")],
  state: [],
  preventInitialCall: true,
};

function harness(outcome: (request: CallbackRequest) => Promise<CallbackOutcome>, handlesDownstream = false) {
  const store = page();
  const cancelled: string[] = [];
  const errors: string[] = [];
  // The downstream callback answers "no update" unless the test's transport says otherwise.
  const transport = (request: CallbackRequest): Promise<CallbackOutcome> =>
    request.callbackId === downstream.id && !handlesDownstream ? Promise.resolve({ kind: "prevent" }) : outcome(request);
  const runner = new CallbackRunner([longSpec, downstream], transport, {
    index: () => store,
    applyResponse: (response) => store.setMany(response),
    setLoading: () => undefined,
    reportError: (error) => errors.push(error.message),
    cancelJob: (jobId) => cancelled.push(jobId),
  });
  return { store, runner, cancelled, errors };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("running props", () => {
  it("sets them while an ordinary call is in flight and restores them after it answers or fails", async () => {
    let answer!: (outcome: CallbackOutcome) => void;
    const { store, runner, errors } = harness(() => new Promise((resolve) => (answer = resolve)));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    assert.equal(store.prop("run", "disabled"), true);
    assert.equal(store.prop("stop", "disabled"), false);
    answer({ kind: "error", message: "boom" });
    await settle();
    assert.equal(store.prop("run", "disabled"), false);
    assert.equal(store.prop("stop", "disabled"), true);
    assert.deepEqual(errors, ["boom"]);
  });
});

describe("background callbacks in the renderer", () => {
  it("stays in flight after the 202, applies progress in order, and ends with the pushed result", async () => {
    const { store, runner } = harness(async () => ({ kind: "background", jobId: "job-1" }));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    let idle = false;
    void runner.idle().then(() => (idle = true));
    await settle();
    assert.equal(idle, false, "a background call keeps the runner busy until its result comes");
    assert.equal(store.prop("run", "disabled"), true);
    for (const value of [10, 50, 90]) {
      runner.backgroundMessage({ kind: "callback", jobId: "job-1", phase: "progress", response: { bar: { value } } });
      assert.equal(store.prop("bar", "value"), value);
    }
    runner.backgroundMessage({ kind: "callback", jobId: "job-1", phase: "result", response: { out: { children: "done" } } });
    await runner.idle();
    assert.equal(store.prop("out", "children"), "done");
    assert.equal(store.prop("run", "disabled"), false, "running props restored");
    assert.equal(store.prop("stop", "disabled"), true);
  });

  it("fires the callbacks downstream of a background result", async () => {
    const requests: string[] = [];
    const { store, runner } = harness(async (request) => {
      requests.push(request.callbackId);
      if (request.callbackId === "out.children") return { kind: "background", jobId: "job-2" };
      return { kind: "update", response: { after: { children: "seen" } } };
    }, true);
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    runner.backgroundMessage({ kind: "callback", jobId: "job-2", phase: "result", response: { out: { children: "x" } } });
    await runner.idle();
    assert.deepEqual(requests, ["out.children", "after.children"]);
    assert.equal(store.prop("after", "children"), "seen");
  });

  it("cancels the job when a cancel input changes, restores the running props and ignores a late result", async () => {
    const { store, runner, cancelled } = harness(async () => ({ kind: "background", jobId: "job-3" }));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    runner.propsChanged([{ id: "stop", property: "n_clicks" }]);
    await runner.idle();
    assert.deepEqual(cancelled, ["job-3"]);
    assert.equal(store.prop("run", "disabled"), false);
    assert.equal(store.prop("stop", "disabled"), true);
    runner.backgroundMessage({ kind: "callback", jobId: "job-3", phase: "cancelled" });
    assert.equal(store.prop("out", "children"), "");
  });

  it("cancels a job whose 202 had not arrived yet when the cancel input changed", async () => {
    let answer!: (outcome: CallbackOutcome) => void;
    const { runner, cancelled } = harness(() => new Promise((resolve) => (answer = resolve)));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    runner.propsChanged([{ id: "stop", property: "n_clicks" }]);
    await runner.idle();
    assert.deepEqual(cancelled, []);
    answer({ kind: "background", jobId: "job-4" });
    await settle();
    assert.deepEqual(cancelled, ["job-4"]);
  });

  it("reports a pushed error like a failed request", async () => {
    const { store, runner, errors } = harness(async () => ({ kind: "background", jobId: "job-5" }));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    runner.backgroundMessage({
      kind: "callback",
      jobId: "job-5",
      phase: "error",
      error: { message: "failed", code: "DASHBASE_E_CALLBACK_FAILED" },
    });
    await runner.idle();
    assert.deepEqual(errors, ["failed"]);
    assert.equal(store.prop("run", "disabled"), false);
  });

  it("applies the result of a job this page did not start (the tab that asked was reloaded)", async () => {
    const { store, runner } = harness(async () => ({ kind: "prevent" }));
    runner.backgroundMessage({ kind: "callback", jobId: "old", phase: "result", response: { out: { children: "late" } } });
    await runner.idle();
    assert.equal(store.prop("out", "children"), "late");
  });
});

describe("a background result that comes before the 202", () => {
  it("ends the call it belongs to once the 202 names its job, restoring the running props", async () => {
    let answer!: (outcome: CallbackOutcome) => void;
    const { store, runner } = harness(() => new Promise((resolve) => (answer = resolve)));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    // A short job: its result comes over the push channel while the POST's answer is on its way.
    runner.backgroundMessage({ kind: "callback", jobId: "job-early", phase: "result", response: { out: { children: "early" } } });
    await settle();
    assert.equal(store.prop("out", "children"), "", "kept until the 202 says whose it is");
    assert.equal(store.prop("run", "disabled"), true);
    answer({ kind: "background", jobId: "job-early" });
    await runner.idle();
    assert.equal(store.prop("out", "children"), "early");
    assert.equal(store.prop("run", "disabled"), false, "running props restored");
    assert.equal(store.prop("stop", "disabled"), true);
  });

  it("applies a result no call claims once the waiting request has its own job", async () => {
    let answer!: (outcome: CallbackOutcome) => void;
    const { store, runner } = harness(() => new Promise((resolve) => (answer = resolve)));
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await settle();
    runner.backgroundMessage({ kind: "callback", jobId: "job-of-a-reloaded-tab", phase: "result", response: { bar: { value: 7 } } });
    await settle();
    assert.equal(store.prop("bar", "value"), 0, "kept while this page's request waits");
    answer({ kind: "background", jobId: "job-mine" });
    // Offered again shortly: polled for, not timed.
    while (store.prop("bar", "value") !== 7) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(store.prop("run", "disabled"), true, "this page's own call still runs");
    runner.backgroundMessage({ kind: "callback", jobId: "job-mine", phase: "result", response: { out: { children: "mine" } } });
    await runner.idle();
    assert.equal(store.prop("out", "children"), "mine");
    assert.equal(store.prop("run", "disabled"), false);
  });
});

describe("callbacks whose outputs are not on the page", () => {
  it("does not fire a callback whose output is absent (a topic input is on every page, its outputs are not)", async () => {
    const store = new LayoutStore(node("html.Div", { children: [node("html.Button", { id: "run" })] }));
    const sent: string[] = [];
    const runner = new CallbackRunner(
      [{ id: "table.data_version", outputs: [dep("table", "data_version")], inputs: [dep("run", "n_clicks")], state: [] }],
      async (request) => {
        sent.push(request.callbackId);
        return { kind: "prevent" };
      },
      {
        index: () => store,
        applyResponse: (response) => store.setMany(response),
        setLoading: () => undefined,
        reportError: (error) => assert.fail(error.message),
      },
    );
    runner.propsChanged([{ id: "run", property: "n_clicks" }]);
    await runner.idle();
    assert.deepEqual(sent, []);
  });
});
