/**
 * @module
 * The browser renderer's callback logic without a browser: id keys, wildcard matching,
 * dependency order, the requests it sends, and the choice of plotly bundle.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildCallbackRequest,
  CallbackGraph,
  initialInvocations,
  invocationsForChanges,
  resolveInvocation,
} from "../../src/client/callback-graph.js";
import { CallbackRunner, type CallbackOutcome } from "../../src/client/callback-runner.js";
import { LayoutStore } from "../../src/client/layout-store.js";
import { bundleForFigure } from "../../src/client/plotly-bundle.js";
import { safeUrl } from "../../src/client/safe-url.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";
import { idKey, propKey } from "../../src/protocol/ids.js";
import type { ComponentNode, LayoutChild as Child } from "../../src/protocol/layout-tree.js";
import type { CallbackRequest } from "../../src/protocol/messages.js";
import { idMatches, patternsOverlap } from "../../src/protocol/pattern-match.js";

const node = (type: string, props: Record<string, unknown>): ComponentNode => ({ type, props });
const dep = (id: CallbackSpec["inputs"][number]["id"], property: string) => ({ id, property });

describe("client id keys", () => {
  it("sorts object id keys so both spellings address one component", () => {
    assert.equal(idKey({ type: "filter", index: 2 }), '{"index":2,"type":"filter"}');
    assert.equal(idKey({ index: 2, type: "filter" }), idKey({ type: "filter", index: 2 }));
    assert.equal(idKey("box"), "box");
    assert.equal(propKey({ b: 1, a: "x" }, "value"), '{"a":"x","b":1}.value');
  });

  it("serializes wildcards inside dependency keys as Dash does", () => {
    assert.equal(idKey({ type: "f", index: ["ALL"] }), '{"index":["ALL"],"type":"f"}');
  });
});

describe("client wildcard matching", () => {
  it("matches ALL against any value and refuses other key sets", () => {
    assert.equal(idMatches({ type: "f", index: ["ALL"] }, { type: "f", index: 3 }), true);
    assert.equal(idMatches({ type: "f", index: ["ALL"] }, { type: "g", index: 3 }), false);
    assert.equal(idMatches({ type: "f", index: ["ALL"] }, { type: "f", index: 3, extra: 1 }), false);
    assert.equal(idMatches({ type: "f", index: ["ALL"] }, "f"), false);
  });

  it("binds MATCH and compares ALLSMALLER with the bound value", () => {
    assert.equal(idMatches({ type: "f", index: ["MATCH"] }, { type: "f", index: 2 }, { index: 2 }), true);
    assert.equal(idMatches({ type: "f", index: ["MATCH"] }, { type: "f", index: 3 }, { index: 2 }), false);
    assert.equal(idMatches({ type: "f", index: ["ALLSMALLER"] }, { type: "f", index: 1 }, { index: 2 }), true);
    assert.equal(idMatches({ type: "f", index: ["ALLSMALLER"] }, { type: "f", index: 2 }, { index: 2 }), false);
  });

  it("treats patterns as overlapping where a wildcard meets a value", () => {
    assert.equal(patternsOverlap({ type: "f", index: ["MATCH"] }, { type: "f", index: 1 }), true);
    assert.equal(patternsOverlap({ type: "f", index: 1 }, { type: "f", index: 2 }), false);
    assert.equal(patternsOverlap("a", "a"), true);
  });
});

const filterLayout: Child = node("html.Div", {
  children: [
    node("dcc.Input", { id: { type: "f", index: 1 }, value: "a" }),
    node("dcc.Input", { id: { type: "f", index: 2 }, value: "b" }),
    node("html.Div", { id: { type: "out", index: 1 } }),
    node("html.Div", { id: { type: "out", index: 2 } }),
    node("html.Div", { id: "total" }),
  ],
});

const matchSpec: CallbackSpec = {
  id: "echo",
  outputs: [dep({ type: "out", index: ["MATCH"] }, "children")],
  inputs: [dep({ type: "f", index: ["MATCH"] }, "value")],
  state: [],
};
const allSpec: CallbackSpec = {
  id: "sum",
  outputs: [dep("total", "children")],
  inputs: [dep({ type: "f", index: ["ALL"] }, "value")],
  state: [],
};

describe("client invocations over a layout", () => {
  it("fires one MATCH invocation per matching id on load and one ALL invocation", () => {
    const store = new LayoutStore(filterLayout);
    const keys = initialInvocations([matchSpec, allSpec], store).map((inv) => inv.key);
    assert.deepEqual(keys.sort(), ['echo|{"index":1}', 'echo|{"index":2}', "sum"].sort());
  });

  it("narrows a MATCH callback to the changed id and keeps ALL callbacks whole", () => {
    const store = new LayoutStore(filterLayout);
    const fired = invocationsForChanges([matchSpec, allSpec], [{ id: { type: "f", index: 2 }, property: "value" }], store);
    assert.deepEqual([...fired.keys()].sort(), ['echo|{"index":2}', "sum"]);
    assert.deepEqual([...(fired.get("sum")?.changed ?? [])], ['{"index":2,"type":"f"}.value']);
  });

  it("skips preventInitialCall callbacks and callbacks whose input is absent", () => {
    const store = new LayoutStore(filterLayout);
    const specs: CallbackSpec[] = [
      { ...allSpec, id: "quiet", preventInitialCall: true },
      { id: "absent", outputs: [dep("total", "title")], inputs: [dep("nowhere", "value")], state: [] },
    ];
    assert.deepEqual(initialInvocations(specs, store), []);
  });

  it("fires, for a change to an ALLSMALLER input, only the calls whose list holds the changed id", () => {
    // Dash's running total: each row shows its quantity plus every quantity before it
    const rows = new LayoutStore(
      node("html.Div", {
        children: [1, 2, 3].flatMap((index) => [
          node("dcc.Input", { id: { type: "qty", index }, value: index }),
          node("html.Div", { id: { type: "total", index } }),
        ]),
      }),
    );
    const running: CallbackSpec = {
      id: "running",
      outputs: [dep({ type: "total", index: ["MATCH"] }, "children")],
      inputs: [dep({ type: "qty", index: ["MATCH"] }, "value"), dep({ type: "qty", index: ["ALLSMALLER"] }, "value")],
      state: [],
    };
    const fired = invocationsForChanges([running], [{ id: { type: "qty", index: 2 }, property: "value" }], rows);
    assert.deepEqual(
      [...fired.keys()].sort(),
      ['running|{"index":2}', 'running|{"index":3}'],
      "row 1 does not read row 2, so it does not run",
    );
  });

  it("does not fire a callback whose only inputs are wildcards matching nothing on the page", () => {
    const otherPage = new LayoutStore(
      node("html.Div", { children: [node("html.Div", { id: "total" }), node("dcc.Input", { id: "color", value: "red" })] }),
    );
    assert.deepEqual(initialInvocations([allSpec], otherPage), [], "an ALL-only callback stays quiet where nothing matches");
    const both: CallbackSpec = {
      id: "both",
      outputs: [dep("total", "title")],
      inputs: [dep({ type: "f", index: ["ALL"] }, "value"), dep({ type: "g", index: ["ALL"] }, "value")],
      state: [],
    };
    assert.deepEqual(initialInvocations([both], otherPage), []);
    assert.deepEqual(
      initialInvocations([allSpec], new LayoutStore(filterLayout)).map((inv) => inv.key),
      ["sum"],
      "it fires where something matches",
    );
    // As in Dash, an empty ALL list does not hold a callback back when another input is present.
    const mixed: CallbackSpec = {
      id: "mixed",
      outputs: [dep("total", "title")],
      inputs: [dep("color", "value"), dep({ type: "f", index: ["ALL"] }, "value")],
      state: [],
    };
    const [invocation] = initialInvocations([mixed], otherPage);
    assert.ok(invocation !== undefined, "the callback with a present single input fires");
    assert.deepEqual(buildCallbackRequest(invocation, resolveInvocation(invocation, otherPage), otherPage, []).inputs, [
      { id: "color", property: "value", value: "red" },
      [],
    ]);
  });

  it("does not run an ALL-only callback on load through the runner either (no 400, no notice)", async () => {
    const otherPage = new LayoutStore(node("html.Div", { children: [node("html.Div", { id: "total" })] }));
    const sent: string[] = [];
    const runner = new CallbackRunner(
      [allSpec],
      async (request): Promise<CallbackOutcome> => {
        sent.push(request.callbackId);
        return { kind: "error", message: "expected 1 outputs, found an absent one", code: "DASHBASE_E_CALLBACK_MISMATCH" };
      },
      {
        index: () => otherPage,
        applyResponse: (r) => otherPage.setMany(r),
        setLoading: () => undefined,
        reportError: (e) => assert.fail(e.message),
      },
    );
    runner.fireInitial();
    await runner.idle();
    assert.deepEqual(sent, []);
  });
});

describe("client dependency order", () => {
  const chain: CallbackSpec[] = [
    { id: "c", outputs: [dep("z", "children")], inputs: [dep("y", "children")], state: [] },
    { id: "a", outputs: [dep("x", "children")], inputs: [dep("in", "value")], state: [] },
    { id: "b", outputs: [dep("y", "children")], inputs: [dep("x", "children")], state: [dep("in", "value")] },
    { id: "d", outputs: [dep("w", "children")], inputs: [dep("x", "children"), dep("y", "children")], state: [] },
  ];

  it("knows which callbacks are upstream of which", () => {
    const graph = new CallbackGraph(chain);
    assert.equal(graph.blocks("a", "c"), true);
    assert.equal(graph.blocks("c", "a"), false);
    assert.equal(graph.blocks("b", "d"), true);
  });

  it("never lets callbacks in a cycle block each other", () => {
    const cycle: CallbackSpec[] = [
      { id: "p", outputs: [dep("q", "value")], inputs: [dep("r", "value")], state: [] },
      { id: "q", outputs: [dep("r", "value")], inputs: [dep("q", "value")], state: [] },
    ];
    const graph = new CallbackGraph(cycle);
    assert.equal(graph.blocks("p", "q"), false);
    assert.equal(graph.blocks("q", "p"), false);
  });

  it("runs a chain in order, each callback once per change, diamond included", async () => {
    const layout = node("html.Div", {
      children: ["in", "x", "y", "z", "w"].map((id) => node("html.Div", { id, value: id === "in" ? 1 : undefined })),
    });
    const store = new LayoutStore(layout);
    const calls: CallbackRequest[] = [];
    const loadingSeen: string[][] = [];
    const transport = async (request: CallbackRequest): Promise<CallbackOutcome> => {
      calls.push(request);
      await new Promise((resolve) => setImmediate(resolve));
      const out = request.outputs[0];
      if (out === undefined || Array.isArray(out)) throw new Error("single output expected");
      const target = out as { id: string; property: string };
      return { kind: "update", response: { [target.id]: { [target.property]: `${request.callbackId}!` } } };
    };
    const runner = new CallbackRunner(chain, transport, {
      index: () => store,
      applyResponse: (response) => store.setMany(response),
      setLoading: (outputs) => loadingSeen.push([...outputs]),
      reportError: (error) => assert.fail(error.message),
    });
    runner.propsChanged([{ id: "in", property: "value" }]);
    await runner.idle();
    const order = calls.map((call) => call.callbackId);
    // d hears from a and from b, yet runs once, after both; c and d are independent of each other
    assert.deepEqual(order.slice(0, 2), ["a", "b"]);
    assert.deepEqual(order.slice(2).sort(), ["c", "d"]);
    assert.deepEqual(calls[0]?.changedPropIds, ["in.value"]);
    assert.deepEqual(calls[0]?.inputs, [{ id: "in", property: "value", value: 1 }]);
    assert.deepEqual(calls.find((call) => call.callbackId === "d")?.changedPropIds, ["x.children", "y.children"]);
    assert.equal(store.prop("w", "children"), "d!");
    assert.ok(
      loadingSeen.some((keys) => keys.includes("x.children")),
      "outputs were marked loading",
    );
    assert.deepEqual(loadingSeen.at(-1), []);
  });

  it("reports a failed callback and keeps firing later ones", async () => {
    const store = new LayoutStore(node("html.Div", { children: [node("html.Div", { id: "in" }), node("html.Div", { id: "x" })] }));
    const errors: string[] = [];
    let fail = true;
    const runner = new CallbackRunner(
      [chain[1] as CallbackSpec],
      async () => {
        if (fail) return { kind: "error", message: "boom", requestId: "r1" };
        return { kind: "update", response: { x: { children: "ok" } } };
      },
      {
        index: () => store,
        applyResponse: (response) => store.setMany(response),
        setLoading: () => undefined,
        reportError: (error) => errors.push(`${error.message} ${error.requestId ?? ""}`),
      },
    );
    runner.propsChanged([{ id: "in", property: "value" }]);
    await runner.idle();
    fail = false;
    runner.propsChanged([{ id: "in", property: "value" }]);
    await runner.idle();
    assert.deepEqual(errors, ["boom r1"]);
    assert.equal(store.prop("x", "children"), "ok");
  });

  it("fires initial calls for components a callback output added", async () => {
    const store = new LayoutStore(node("html.Div", { children: [node("html.Button", { id: "add" }), node("html.Div", { id: "list" })] }));
    const specs: CallbackSpec[] = [
      { id: "grow", outputs: [dep("list", "children")], inputs: [dep("add", "n_clicks")], state: [], preventInitialCall: true },
      {
        id: "echo",
        outputs: [dep({ type: "out", index: ["MATCH"] }, "children")],
        inputs: [dep({ type: "f", index: ["MATCH"] }, "value")],
        state: [],
      },
    ];
    const seen: string[] = [];
    const runner = new CallbackRunner(
      specs,
      async (request): Promise<CallbackOutcome> => {
        seen.push(request.callbackId);
        if (request.callbackId === "grow") {
          return {
            kind: "update",
            response: {
              list: {
                children: [
                  node("dcc.Input", { id: { type: "f", index: 1 }, value: "v" }),
                  node("html.Div", { id: { type: "out", index: 1 } }),
                ],
              },
            },
          };
        }
        return { kind: "update", response: { '{"index":1,"type":"out"}': { children: "echoed" } } };
      },
      {
        index: () => store,
        applyResponse: (r) => store.setMany(r),
        setLoading: () => undefined,
        reportError: (e) => assert.fail(e.message),
      },
    );
    runner.fireInitial();
    await runner.idle();
    assert.deepEqual(seen, []);
    runner.propsChanged([{ id: "add", property: "n_clicks" }]);
    await runner.idle();
    assert.deepEqual(seen, ["grow", "echo"]);
    assert.equal(store.prop('{"index":1,"type":"out"}', "children"), "echoed");
  });
});

describe("client plotly bundle choice", () => {
  it("takes the basic bundle for scatter, bar and pie, and for traces without a type", () => {
    assert.equal(bundleForFigure({ data: [{ type: "bar" }, { type: "pie" }, { x: [1] }] }), "plotly-basic.js");
    assert.equal(bundleForFigure({ data: [] }), "plotly-basic.js");
    assert.equal(bundleForFigure(undefined), "plotly-basic.js");
  });

  it("takes the full bundle when any trace or frame needs it", () => {
    assert.equal(bundleForFigure({ data: [{ type: "scatter" }, { type: "heatmap" }] }), "plotly-full.js");
    assert.equal(bundleForFigure({ data: [{ type: "bar" }], frames: [{ data: [{ type: "choropleth" }] }] }), "plotly-full.js");
  });
});

describe("client URL safety", () => {
  it("refuses script schemes however they are disguised", () => {
    for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "java\tscript:x", "vbscript:x", "data:text/html,x"]) {
      assert.equal(safeUrl(bad), undefined, bad);
    }
  });

  it("keeps relative, http(s) and mailto URLs, and data images only where allowed", () => {
    assert.equal(safeUrl("/a?b=1#c"), "/a?b=1#c");
    assert.equal(safeUrl("https://example.org/x"), "https://example.org/x");
    assert.equal(safeUrl("mailto:a@b.c"), "mailto:a@b.c");
    assert.equal(safeUrl("data:image/png;base64,AAAA"), undefined);
    assert.equal(safeUrl("data:image/png;base64,AAAA", true), "data:image/png;base64,AAAA");
  });
});
