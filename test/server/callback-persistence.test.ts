/**
 * Values a callback sets on server-persisted props are kept for the session like a user's edits:
 * the renderer lists those outputs in the request's `persist`, the server saves what the handler
 * returned for them, and the next layout for that session carries them. Through inject(), on
 * every backend.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createApp, dcc, html, Input, noUpdate, Output, PreventUpdate } from "dashbase";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { fakeClientDir, serve, TestClient } from "./support/app-harness.js";

function buildApp(calls: { reset: number }) {
  const app = createApp({ title: "Callback persistence", server: { clientDir: fakeClientDir(), logger: false } });
  app.page("/", {
    title: "Settings",
    layout: html.Div([
      dcc.Input({ id: "nickname", value: "default", persistence: "server" }),
      dcc.Dropdown({ id: "city", options: ["Lyon", "Oslo"], value: "Lyon" }),
      dcc.RangeSlider({ id: "years", min: 1900, max: 2000, value: [1900, 2000], persistence: "server" }),
      html.Button("Reset", { id: "reset" }),
      html.Button("Keep", { id: "keep" }),
    ]),
  });
  app.callback(
    [Output<string>("nickname", "value"), Output<string>("city", "value"), Output<[number, number]>("years", "value")],
    [Input<number | undefined>("reset", "n_clicks")],
    ([clicks]) => {
      calls.reset += 1;
      if (!clicks) throw new PreventUpdate();
      const years: [number, number] = [1950, 1960];
      return ["Anonymous", "Oslo", clicks > 1 ? noUpdate : years];
    },
    { preventInitialCall: true },
  );
  return app;
}

for (const backend of backends) {
  describe(`callback outputs to persisted props (${backend.name})`, () => {
    let db: Database;
    let server: AppServer;
    const calls = { reset: 0 };
    let callbackId = "";

    before(async () => {
      db = await backend.open();
      server = await serve(buildApp(calls), db);
      const { boot } = await new TestClient(server).open("/");
      callbackId = (boot["dependencies"] as Array<{ id: string }>)[0]!.id;
    });
    after(async () => {
      await server.close();
      await db.close();
      await dropServerDatabases();
    });

    const resetBody = (clicks: number | null, persist?: unknown) => ({
      callbackId,
      outputs: [
        { id: "nickname", property: "value" },
        { id: "city", property: "value" },
        { id: "years", property: "value" },
      ],
      inputs: [{ id: "reset", property: "n_clicks", value: clicks }],
      state: [],
      changedPropIds: ["reset.n_clicks"],
      ...(persist === undefined ? {} : { persist }),
    });

    async function layoutText(client: TestClient): Promise<string> {
      const answer = await client.get("/_dashbase/layout?path=/");
      assert.equal(answer.statusCode, 200);
      return answer.body;
    }

    it("saves a callback's values for the persisted outputs the request lists, for that session only", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const answer = await client.post("/_dashbase/callback", resetBody(1, ["nickname.value", "years.value"]));
      assert.equal(answer.statusCode, 200);
      assert.deepEqual(answer.json(), {
        response: { nickname: { value: "Anonymous" }, city: { value: "Oslo" }, years: { value: [1950, 1960] } },
      });
      const layout = await layoutText(client);
      assert.match(layout, /"id":"nickname","value":"Anonymous"/);
      assert.match(layout, /"id":"years","min":1900,"max":2000,"value":\[1950,1960\]/);
      assert.match(
        layout,
        /"id":"city","options":\["Lyon","Oslo"\],"value":"Lyon"/,
        "a prop that does not persist keeps the layout's value",
      );
      const stranger = new TestClient(server);
      await stranger.open("/");
      assert.match(await layoutText(stranger), /"id":"nickname","value":"default"/);
    });

    it("replaces a user's earlier edit with the callback's later value, and leaves a noUpdate output's saved value alone", async () => {
      const client = new TestClient(server);
      await client.open("/");
      assert.equal((await client.post("/_dashbase/persist", { id: "nickname", property: "value", value: "Grace" })).statusCode, 204);
      assert.equal((await client.post("/_dashbase/persist", { id: "years", property: "value", value: [1920, 1930] })).statusCode, 204);
      const answer = await client.post("/_dashbase/callback", resetBody(2, ["nickname.value", "years.value"]));
      assert.deepEqual(answer.json(), { response: { nickname: { value: "Anonymous" }, city: { value: "Oslo" } } });
      const layout = await layoutText(client);
      assert.match(layout, /"id":"nickname","value":"Anonymous"/);
      assert.match(layout, /"value":\[1920,1930\]/, "years was not updated, so the user's value stands");
    });

    it("saves nothing for outputs the request does not list, for keys that are not this call's outputs, or when the handler prevents the update", async () => {
      const client = new TestClient(server);
      await client.open("/");
      assert.equal((await client.post("/_dashbase/callback", resetBody(1))).statusCode, 200);
      assert.equal((await client.post("/_dashbase/callback", resetBody(1, ["other.value", "city.options"]))).statusCode, 200);
      assert.equal((await client.post("/_dashbase/callback", resetBody(null, ["nickname.value"]))).statusCode, 204);
      assert.match(await layoutText(client), /"id":"nickname","value":"default"/);
    });

    it("answers with the callback's values when one is too large to keep, saving the others", async () => {
      const app = createApp({ title: "Small store", server: { clientDir: fakeClientDir(), logger: false }, store: { maxValueBytes: 256 } });
      app.page("/", {
        layout: html.Div([
          dcc.Textarea({ id: "notes", value: "", persistence: "server" }),
          dcc.Input({ id: "tag", value: "", persistence: "server" }),
          html.Button("Fill", { id: "fill" }),
        ]),
      });
      app.callback(
        [Output<string>("notes", "value"), Output<string>("tag", "value")],
        [Input<number | undefined>("fill", "n_clicks")],
        () => ["x".repeat(5000), "short"],
        { preventInitialCall: true },
      );
      const small = await serve(app, db);
      try {
        const client = new TestClient(small);
        const { boot } = await client.open("/");
        const id = (boot["dependencies"] as Array<{ id: string }>)[0]!.id;
        const answer = await client.post("/_dashbase/callback", {
          callbackId: id,
          outputs: [
            { id: "notes", property: "value" },
            { id: "tag", property: "value" },
          ],
          inputs: [{ id: "fill", property: "n_clicks", value: 1 }],
          state: [],
          changedPropIds: ["fill.n_clicks"],
          persist: ["notes.value", "tag.value"],
        });
        assert.equal(answer.statusCode, 200);
        assert.equal(answer.json().response.notes.value.length, 5000);
        const layout = (await client.get("/_dashbase/layout?path=/")).body;
        assert.match(layout, /"id":"notes","value":""/);
        assert.match(layout, /"id":"tag","value":"short"/);
      } finally {
        await small.close();
      }
    });

    it("refuses a malformed persist list before the handler runs", async () => {
      const client = new TestClient(server);
      await client.open("/");
      const before = calls.reset;
      for (const persist of ["nickname.value", [1], Array.from({ length: 1001 }, (_, i) => `k${i}.value`)]) {
        const answer = await client.post("/_dashbase/callback", resetBody(1, persist));
        assert.equal(answer.statusCode, 400);
        assert.equal(answer.json().error.code, "DASHBASE_E_BAD_REQUEST");
        assert.match(answer.json().error.message, /^persist: expected an array/);
      }
      assert.equal(calls.reset, before, "the handler never ran");
      assert.match(await layoutText(client), /"id":"nickname","value":"default"/);
    });
  });
}
