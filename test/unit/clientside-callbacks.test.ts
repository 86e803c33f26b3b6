/**
 * @module
 * Clientside callbacks without a browser: what `app.clientCallback` accepts and refuses, what the
 * wire lists for them, that the server refuses to run one, how the page's runner calls the
 * function (initial values, State, ctx.triggered, noUpdate, PreventUpdate, malformed answers,
 * errors), their place in one dependency graph with server callbacks, and the esbuild bundle.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { ALL, clientside, createApp, dcc, html, Input, Output, PreventUpdate, State, noUpdate } from "dashbase";
import { prepareCall } from "../../src/callbacks/callback-dispatch.js";
import { callClientside, clientsideCaller } from "../../src/client/clientside-call.js";
import { CallbackRunner, type CallbackOutcome } from "../../src/client/callback-runner.js";
import { LayoutStore } from "../../src/client/layout-store.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";
import { idKey } from "../../src/protocol/ids.js";
import type { CallbackRequest } from "../../src/protocol/messages.js";
import { bundleClientside } from "../../src/server/clientside-bundle.js";
import { addOne, renamed } from "./fixtures/clientside/functions.js";
import { readIt } from "./fixtures/clientside/server-import.js";

const fixtures = new URL("./fixtures/clientside/", import.meta.url);
const functionsModule = new URL("functions.ts", fixtures);

function appWith(...ids: string[]) {
  const app = createApp({ title: "t" });
  app.page("/", { layout: html.Div(ids.map((id) => dcc.Input({ id }))) });
  return app;
}

describe("declaring a clientside callback", () => {
  it("lists it for the page with its State form and the Inputs' initial values", () => {
    const app = appWith("n", "m", "out");
    app.clientCallback(
      [Output<number>("out", "value")],
      [Input<number>("n", "value", { initial: 0 })],
      [State("m", "value")],
      clientside(functionsModule, addOne as never),
    );
    const [spec] = app.callbacks.specs();
    assert.deepEqual(spec!.clientside, { withState: true });
    assert.deepEqual(spec!.inputs, [{ id: "n", property: "value", initial: 0 }]);
    assert.deepEqual(spec!.state, [{ id: "m", property: "value" }]);
    assert.equal(app.callbacks.all()[0]!.clientside!.ref.exportName, "addOne");
  });

  it("is refused at validation for an unknown component id, as a server callback is", async () => {
    const app = appWith("n");
    app.clientCallback(
      [Output<number>("missing", "value")],
      [Input<number>("n", "value", { initial: 0 })],
      clientside(functionsModule, addOne),
    );
    await assert.rejects(
      app.validate(),
      (error: Error & { code?: string }) => error.code === "DASHBASE_E_APP_INVALID" && /missing/.test(error.message),
    );
  });

  it("refuses a bare function, server-only options, a missing file, a non-file URL and an anonymous function", () => {
    const app = appWith("n", "out");
    const deps = [[Output<number>("out", "value")], [Input<number>("n", "value", { initial: 0 })]] as const;
    assert.throws(() => app.clientCallback(...deps, addOne as never), /wrap it in clientside\(moduleUrl, fn\)/);
    assert.throws(
      () => app.clientCallback(...deps, clientside(functionsModule, addOne), { background: true } as never),
      /background is a server callback option/,
    );
    assert.throws(
      () => clientside(new URL("nope.ts", fixtures), addOne),
      (error: Error & { code?: string }) => error.code === "DASHBASE_E_APP_INVALID" && /no such file/.test(error.message),
    );
    assert.throws(() => clientside("https://example.org/x.ts", addOne), /expected a file: URL/);
    assert.throws(() => clientside(functionsModule, (() => (x: [number]) => [x])()), /named function/);
  });

  it("is never run by the server: a POST naming it is refused before anything runs", () => {
    const app = appWith("n", "out");
    app.clientCallback(
      [Output<number>("out", "value")],
      [Input<number>("n", "value", { initial: 0 })],
      clientside(functionsModule, addOne),
    );
    assert.throws(
      () =>
        prepareCall(app.callbacks, {
          callbackId: "out.value",
          outputs: [{ id: "out", property: "value" }],
          inputs: [{ id: "n", property: "value", value: 1 }],
        }),
      (error: Error & { code?: string }) => error.code === "DASHBASE_E_BAD_REQUEST" && /runs in the browser/.test(error.message),
    );
  });
});

const spec = (over: Partial<CallbackSpec> = {}): CallbackSpec => ({
  id: "out.children",
  outputs: [{ id: "out", property: "children" }],
  inputs: [{ id: "n", property: "value", initial: 0 }],
  state: [],
  clientside: { withState: false },
  ...over,
});
const request = (value: unknown, changed: string[] = ["n.value"]): CallbackRequest => ({
  callbackId: "out.children",
  outputs: [{ id: "out", property: "children" }],
  inputs: [{ id: "n", property: "value", value }],
  state: [],
  changedPropIds: changed,
});

describe("calling a clientside function in the page", () => {
  it("passes initial values and ctx.triggered, and answers by id key", async () => {
    let seen: unknown[] = [];
    const outcome = await callClientside(
      (...args: unknown[]) => ((seen = args), [`got ${String((args[0] as unknown[])[0])}`]),
      spec(),
      request(undefined),
      idKey,
    );
    assert.deepEqual(outcome, { kind: "update", response: { out: { children: "got 0" } } });
    const ctx = seen[1] as { triggeredId: unknown; triggered: { propId: string }[] };
    assert.equal(ctx.triggeredId, "n");
    assert.deepEqual(
      ctx.triggered.map((prop) => prop.propId),
      ["n.value"],
    );
    await callClientside((...args: unknown[]) => ((seen = args), [1]), spec(), request(3, []), idKey);
    assert.equal((seen[1] as { triggeredId: unknown }).triggeredId, null, "the initial call has no trigger");
  });

  it("passes State as the second argument when the callback declared it", async () => {
    const withState = spec({ state: [{ id: "s", property: "value" }], clientside: { withState: true } });
    const outcome = await callClientside(
      (([n]: unknown[], [s]: unknown[]) => [`${String(s)}${String(n)}`]) as never,
      withState,
      { ...request(2), state: [{ id: "s", property: "value", value: "#" }] },
      idKey,
    );
    assert.deepEqual(outcome, { kind: "update", response: { out: { children: "#2" } } });
  });

  it("reads noUpdate and PreventUpdate as the server does", async () => {
    const two = spec({
      outputs: [
        { id: "out", property: "children" },
        { id: "other", property: "children" },
      ],
    });
    const twoRequest: CallbackRequest = { ...request(1), outputs: two.outputs as CallbackRequest["outputs"] };
    assert.deepEqual(await callClientside(() => [noUpdate, "x"], two, twoRequest, idKey), {
      kind: "update",
      response: { other: { children: "x" } },
    });
    assert.deepEqual(await callClientside(() => [noUpdate, noUpdate], two, twoRequest, idKey), { kind: "prevent" });
    assert.deepEqual(
      await callClientside(
        () => {
          throw new PreventUpdate();
        },
        spec(),
        request(1),
        idKey,
      ),
      { kind: "prevent" },
    );
  });

  it("answers one value per matched component for an ALL output", async () => {
    const all = spec({ outputs: [{ id: { type: "cell", index: ALL }, property: "children" }] });
    const outcome = await callClientside(
      () => [["a", noUpdate]],
      all,
      {
        ...request(1),
        outputs: [
          [
            { id: { type: "cell", index: 1 }, property: "children" },
            { id: { type: "cell", index: 2 }, property: "children" },
          ],
        ],
      },
      idKey,
    );
    assert.deepEqual(outcome, { kind: "update", response: { [idKey({ type: "cell", index: 1 })]: { children: "a" } } });
  });

  it("turns a throw or a malformed answer into an error naming the callback", async () => {
    const errors = console.error;
    console.error = () => undefined;
    try {
      const thrown = await callClientside(
        () => {
          throw new Error("bad input");
        },
        spec(),
        request(1),
        idKey,
      );
      assert.deepEqual(thrown, {
        kind: "error",
        code: "DASHBASE_E_CALLBACK_FAILED",
        message: 'clientside callback "out.children" failed: bad input',
      });
    } finally {
      console.error = errors;
    }
    const shape = await callClientside(() => "not an array", spec(), request(1), idKey);
    assert.equal(shape.kind === "error" && shape.code, "DASHBASE_E_CALLBACK_RESULT");
    const missing = await callClientside(undefined, spec(), request(1), idKey);
    assert.equal(missing.kind === "error" && missing.code, "DASHBASE_E_CALLBACK_UNKNOWN");
  });
});

describe("clientside callbacks in the page's callback graph", () => {
  it("orders a server -> browser -> server chain as one graph: each step waits for the one before and fires once", async () => {
    const specs: CallbackSpec[] = [
      { id: "a.value", outputs: [{ id: "a", property: "value" }], inputs: [{ id: "n", property: "value" }], state: [] },
      { ...spec(), id: "b.value", outputs: [{ id: "b", property: "value" }], inputs: [{ id: "a", property: "value" }] },
      {
        id: "c.value",
        outputs: [{ id: "c", property: "value" }],
        inputs: [
          { id: "b", property: "value" },
          { id: "n", property: "value" },
        ],
        state: [],
      },
    ];
    const store = new LayoutStore();
    store.replace({ type: "html.Div", props: { children: ["n", "a", "b", "c"].map((id) => ({ type: "dcc.Input", props: { id } })) } });
    const calls: string[] = [];
    const server: Record<string, (inputs: unknown[]) => unknown> = {
      "a.value": ([n]) => Number(n) * 10,
      "c.value": ([b, n]) => `${String(b)}/${String(n)}`,
    };
    const transport = async (req: CallbackRequest): Promise<CallbackOutcome> => {
      calls.push(req.callbackId);
      const target = specs.find((one) => one.id === req.callbackId)!;
      if (target.clientside !== undefined) return callClientside((([a]: unknown[]) => [Number(a) + 1]) as never, target, req, idKey);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const values = req.inputs.map((input) => (input as { value: unknown }).value);
      return { kind: "update", response: { [req.callbackId.split(".")[0]!]: { value: server[req.callbackId]!(values) } } };
    };
    const runner = new CallbackRunner(specs, transport, {
      index: () => store,
      applyResponse: (response) => store.setMany(response),
      setLoading: () => undefined,
      reportError: (error) => assert.fail(error.message),
    });
    store.setProps("n", { value: 2 });
    runner.propsChanged([{ id: "n", property: "value" }]);
    await runner.idle();
    assert.deepEqual(calls, ["a.value", "b.value", "c.value"], "c waits for the browser step, which waits for the server's");
    assert.equal(store.prop("c", "value"), "21/2");
  });
});

describe("bundling clientside modules", () => {
  it("bundles the functions into one module keyed by callback id, content-hashed, with noUpdate inside", async () => {
    const app = appWith("n", "out");
    app.clientCallback(
      [Output<number>("out", "value")],
      [Input<number>("n", "value", { initial: 0 })],
      clientside(functionsModule, addOne),
    );
    const bundle = await bundleClientside(app.callbacks.all());
    assert.ok(bundle !== undefined);
    assert.match(bundle.fileName, /^[0-9a-f]{16}\.js$/);
    assert.ok(!bundle.code.includes("node:"), "no server code in the chunk");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-clientside-"));
    try {
      const file = path.join(dir, bundle.fileName.replace(/\.js$/, ".mjs"));
      fs.writeFileSync(file, bundle.code);
      const module = (await import(pathToFileURL(file).href)) as { default: Record<string, (inputs: unknown[]) => unknown[]> };
      assert.deepEqual(Object.keys(module.default), ["out.value"]);
      assert.deepEqual(module.default["out.value"]!([4]), [5]);
      const [kept] = module.default["out.value"]!([-1]);
      assert.deepEqual(
        await callClientside(() => [kept], spec(), request(1), idKey),
        { kind: "prevent" },
        "the bundled noUpdate is the page's noUpdate",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const again = await bundleClientside(app.callbacks.all());
    assert.equal(again?.fileName, bundle.fileName, "the same sources give the same name");
    assert.equal(await bundleClientside(appWith("x").callbacks.all()), undefined, "no chunk for an app without clientside callbacks");
  });

  it("is loaded by the page once, and a server-persisted output it sets is saved (no request carried it)", async () => {
    const app = appWith("n", "out");
    app.clientCallback(
      [Output<number>("out", "value")],
      [Input<number>("n", "value", { initial: 0 })],
      clientside(functionsModule, addOne),
    );
    const bundle = (await bundleClientside(app.callbacks.all()))!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-clientside-"));
    try {
      const file = path.join(dir, `${bundle.fileName}.mjs`);
      fs.writeFileSync(file, bundle.code);
      const saved: unknown[] = [];
      const nodes = new Map([["out", { type: "dcc.Input", props: { id: "out", persistence: "server" } }]]);
      const call = clientsideCaller(
        {
          boot: { clientside: pathToFileURL(file).href, dependencies: app.callbacks.specs() },
          store: { node: (key) => nodes.get(key) },
          persistToServer: (id, property, value) => saved.push([id, property, value]),
        },
        (key, property) => (key === "out" && property === "value" ? "server" : null),
        idKey,
      );
      const ask = (value: number): CallbackRequest => ({
        callbackId: "out.value",
        outputs: [{ id: "out", property: "value" }],
        inputs: [{ id: "n", property: "value", value }],
        state: [],
        changedPropIds: ["n.value"],
      });
      assert.deepEqual(await call(ask(1)), { kind: "update", response: { out: { value: 2 } } });
      assert.deepEqual(await call(ask(-5)), { kind: "prevent" }, "noUpdate from the bundled copy of dashbase/clientside");
      assert.deepEqual(saved, [["out", "value", 2]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a function its module does not export under its name, and a module that imports server code, naming the file", async () => {
    const renamedApp = appWith("n", "out");
    renamedApp.clientCallback(
      [Output<number>("out", "value")],
      [Input<number>("n", "value", { initial: 0 })],
      clientside(functionsModule, renamed),
    );
    await assert.rejects(
      bundleClientside(renamedApp.callbacks.all()),
      (error: Error & { code?: string }) =>
        error.code === "DASHBASE_E_CLIENTSIDE_BUNDLE" && /does not export this function as "hidden"/.test(error.message),
    );
    const serverApp = appWith("n", "out");
    serverApp.clientCallback(
      [Output<string>("out", "value")],
      [Input<string>("n", "value", { initial: "" })],
      clientside(new URL("server-import.ts", fixtures), readIt),
    );
    await assert.rejects(
      bundleClientside(serverApp.callbacks.all()),
      (error: Error & { code?: string }) =>
        error.code === "DASHBASE_E_CLIENTSIDE_BUNDLE" && /server-import\.ts:2/.test(error.message) && /node:fs/.test(error.message),
    );
  });
});
