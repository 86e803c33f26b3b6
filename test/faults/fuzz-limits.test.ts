/**
 * The limits of what a request may carry, exactly at the edge and one past it, through the app
 * (the store's own limits are covered directly in test/contract/store.test.ts): a stored value
 * of exactly maxValueBytes is kept and one byte more is refused 413; a store key of 512
 * characters is kept and 513 refused; a persisted id of 400 characters is kept and 401 refused;
 * a body of exactly bodyLimit bytes is read and one byte more refused 413; a body nested 1,000
 * levels deep is read and 1,001 refused; a DataTable filter of 200 characters and a page of 500
 * rows are accepted and one more refused.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { createApp, DataTable, dcc, html, Input, Output, State } from "dashbase";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { jsonDepth, maxBodyDepth } from "../../src/server/json-body.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { notes, prepareNotes } from "../support/notes-app.js";
import { fakeClientDir, testSettings } from "../server/support/app-harness.js";

const maxValueBytes = 1000;
const bodyLimit = 8192;

function limitsApp() {
  const app = createApp({
    title: "Limits",
    models: { notes },
    store: { maxValueBytes },
    server: { clientDir: fakeClientDir(), bodyLimit },
  });
  app.page("/", {
    title: "Limits",
    layout: html.Div([
      dcc.Input({ id: "body", value: "", persistence: "server" }),
      dcc.Input({ id: "key", value: "" }),
      dcc.Input({ id: "value", value: "" }),
      html.Div({ id: "kept" }),
      DataTable({
        table: app.table("my-notes", { from: notes, columns: ["body", "seq"], where: (ctx) => eq(notes.owner, ctx.session.owner) }),
      }),
    ]),
  });
  app.callback(
    [Output("kept", "children")],
    [Input<string>("key", "value")],
    [State<unknown>("value", "value")],
    async ([key], [value], { store }) => {
      await store.set(key ?? "", value);
      return [`kept ${key?.length ?? 0}`];
    },
    { preventInitialCall: true },
  );
  return app;
}

const keep = (key: string, value: unknown) => ({
  callbackId: "kept.children",
  outputs: [{ id: "kept", property: "children" }],
  inputs: [{ id: "key", property: "value", value: key }],
  state: [{ id: "value", property: "value", value }],
  changedPropIds: ["key.value"],
});

function codeOf(answer: LightMyRequestResponse): string | undefined {
  return answer.statusCode >= 400 ? (answer.json() as { error: { code: string } }).error.code : undefined;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`limits at their edges, through the app, on ${backend.name}`, () => {
    let db: Database;
    let server: AppServer;
    let cookie = "";
    let csrf = "";

    const post = (url: string, payload: unknown) =>
      server.fastify.inject({
        method: "POST",
        url,
        payload: typeof payload === "string" ? payload : JSON.stringify(payload),
        headers: { cookie, "x-dashbase-csrf": csrf, "content-type": "application/json" },
      });

    before(async () => {
      db = await backend.open();
      await prepareNotes(db);
      server = await limitsApp().createServer({ db, settings: testSettings() });
      const page = await server.fastify.inject({ method: "GET", url: "/" });
      cookie = String(page.headers["set-cookie"]).split(";")[0]!;
      csrf = (
        JSON.parse(/<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(page.body)![1]!) as { csrfToken: string }
      ).csrfToken;
    });

    after(async () => {
      await server?.close();
      await db?.close();
    });

    it("keeps a persisted value of exactly maxValueBytes once encoded and refuses one byte more with 413", async () => {
      // A string is stored as its JSON text: two quotes around it.
      const largest = "x".repeat(maxValueBytes - 2);
      assert.equal((await post("/_dashbase/persist", { id: "body", property: "value", value: largest })).statusCode, 204);
      const over = await post("/_dashbase/persist", { id: "body", property: "value", value: `${largest}y` });
      assert.equal(over.statusCode, 413);
      assert.equal(codeOf(over), "DASHBASE_E_STORE_VALUE_TOO_LARGE");
      const wide = "é".repeat((maxValueBytes - 2) / 2);
      assert.equal(
        (await post("/_dashbase/persist", { id: "body", property: "value", value: wide })).statusCode,
        204,
        "bytes are UTF-8 bytes: 499 two-byte characters fit",
      );
      assert.equal(
        codeOf(await post("/_dashbase/persist", { id: "body", property: "value", value: `${wide}x` })),
        "DASHBASE_E_STORE_VALUE_TOO_LARGE",
      );
      const layout = await server.fastify.inject({ method: "GET", url: "/_dashbase/layout?path=/", headers: { cookie } });
      assert.ok(layout.body.includes(JSON.stringify(wide)), "the last accepted value is the one the layout carries");
    });

    it("keeps a store key of 512 characters from a callback and refuses 513 with DASHBASE_E_STORE_INVALID_KEY", async () => {
      const longest = await post("/_dashbase/callback", keep("k".repeat(512), "v"));
      assert.equal(longest.statusCode, 200, longest.body);
      assert.deepEqual(longest.json(), { response: { kept: { children: "kept 512" } } });
      for (const key of ["k".repeat(513), "", "nul\u0000key", "lone\ud800"]) {
        const refused = await post("/_dashbase/callback", keep(key, "v"));
        assert.equal(refused.statusCode, 400, `key of ${key.length}`);
        assert.equal(codeOf(refused), "DASHBASE_E_STORE_INVALID_KEY");
      }
      const value = await post("/_dashbase/callback", keep("big", "z".repeat(maxValueBytes)));
      assert.equal(value.statusCode, 413);
      assert.equal(codeOf(value), "DASHBASE_E_STORE_VALUE_TOO_LARGE");
    });

    it("keeps a persisted id of 400 characters and refuses 401", async () => {
      assert.equal((await post("/_dashbase/persist", { id: "i".repeat(400), property: "value", value: 1 })).statusCode, 204);
      const refused = await post("/_dashbase/persist", { id: "i".repeat(401), property: "value", value: 1 });
      assert.equal(refused.statusCode, 400);
      assert.equal(codeOf(refused), "DASHBASE_E_BAD_REQUEST");
      const property = await post("/_dashbase/persist", { id: "body", property: "p".repeat(65), value: 1 });
      assert.equal(codeOf(property), "DASHBASE_E_BAD_REQUEST");
      assert.equal((await post("/_dashbase/persist", { id: "body", property: "p".repeat(64), value: 1 })).statusCode, 204);
    });

    it("reads a body of exactly bodyLimit bytes and refuses one byte more with 413 DASHBASE_E_BODY_TOO_LARGE", async () => {
      const frame = JSON.stringify({ id: "body", property: "value", value: "v", pad: "" });
      const exact = frame.replace('"pad":""', `"pad":"${"p".repeat(bodyLimit - frame.length)}"`);
      assert.equal(Buffer.byteLength(exact), bodyLimit);
      assert.equal((await post("/_dashbase/persist", exact)).statusCode, 204);
      const over = await post("/_dashbase/persist", exact.replace('"pad":"', '"pad":"p'));
      assert.equal(over.statusCode, 413);
      assert.equal(codeOf(over), "DASHBASE_E_BODY_TOO_LARGE");
    });

    it(`reads a body nested ${maxBodyDepth} levels deep and refuses ${maxBodyDepth + 1} with a coded 400`, async () => {
      const nested = (depth: number) =>
        `{"id":"body","property":"value","value":"v","pad":${"[".repeat(depth - 1)}1${"]".repeat(depth - 1)}}`;
      assert.equal(jsonDepth(nested(maxBodyDepth)), maxBodyDepth);
      assert.equal((await post("/_dashbase/persist", nested(maxBodyDepth))).statusCode, 204);
      const deeper = await post("/_dashbase/persist", nested(maxBodyDepth + 1));
      assert.equal(deeper.statusCode, 400);
      assert.equal(codeOf(deeper), "DASHBASE_E_BAD_REQUEST");
      assert.match((deeper.json() as { error: { message: string } }).error.message, /more than 1000 levels/);
      // Brackets inside strings are text, not nesting.
      assert.equal(jsonDepth(`{"a":"${"[".repeat(5000)}\\"{"}`), 1);
      assert.equal((await post("/_dashbase/persist", { id: "body", property: "value", value: "[".repeat(900) })).statusCode, 204);
    });

    it("accepts a DataTable filter of 200 characters and a page of 500 rows, refusing one more of each", async () => {
      const url = "/_dashbase/table/my-notes";
      assert.equal((await post(url, { filter: { body: "f".repeat(200) } })).statusCode, 200);
      assert.equal(codeOf(await post(url, { filter: { body: "f".repeat(201) } })), "DASHBASE_E_TABLE_QUERY");
      assert.equal((await post(url, { pageSize: 500 })).statusCode, 200);
      assert.equal(codeOf(await post(url, { pageSize: 501 })), "DASHBASE_E_TABLE_QUERY");
      const huge = await post(url, { filter: { seq: `>=${"9".repeat(150)}` } });
      assert.equal(huge.statusCode, 400, `a number no integer column can hold is a coded 400: ${huge.body}`);
      assert.equal(codeOf(huge), "DASHBASE_E_INVALID_VALUE");
    });
  });
}
