/**
 * An app's own environment variables (`createApp({ env })`): checked when a server is created,
 * in one message with dashbase's settings, and handed to callbacks, layouts and API routes.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { z } from "zod";
import { createApp, html, Input, Output, isDashbaseError, type DashbaseApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { openTestApp, type TestAppOptions } from "dashbase/testing";
import { fakeClientDir } from "../server/support/app-harness.js";
import { pgliteTemplate } from "../support/template.js";

const envSchema = z.object({ MAPBOX_TOKEN: z.string().min(1), REFRESH_SECONDS: z.coerce.number().int().positive().default(60) });
const testEnv = { DASHBASE_ENV: "test", SESSION_SECRET: "t".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" };

function mapApp(): DashbaseApp {
  const app = createApp({ title: "Map", env: envSchema, server: { clientDir: fakeClientDir() } });
  app.page("/", {
    layout: ({ env }) => html.Div([html.P(`token ${String(env["MAPBOX_TOKEN"])}`, { id: "token" }), html.Div({ id: "out" })]),
  });
  app.callback([Output("out", "children")], [Input<number | undefined>("token", "n_clicks")], (_inputs, { env }) => [
    `every ${String(env["REFRESH_SECONDS"])} s`,
  ]);
  app.api.get("/api/token", ({ env }) => ({ token: env["MAPBOX_TOKEN"] }));
  return app;
}

// One in-memory database for every app here (the test app leaves a given handle open).
let db: Database;
before(async () => {
  db = await createDatabase({ settings: { kind: "embedded", dataDir: null }, template: await pgliteTemplate() });
});
after(() => db.close());
const serve = (app: DashbaseApp, options: TestAppOptions) => openTestApp(app, { ...options, db });

describe("createApp({ env })", () => {
  it("hands the parsed values to layouts, callbacks and API routes as env", async () => {
    const settings = loadSettings({ env: { ...testEnv, MAPBOX_TOKEN: "pk.abc", REFRESH_SECONDS: "15" }, appEnv: envSchema });
    const test = await serve(mapApp(), { settings });
    try {
      const visitor = await test.visitor();
      const page = await visitor.get("/");
      assert.match(page.text, /token pk\.abc/);
      const answer = await (
        await test.visitor("/")
      ).callback({ outputs: [{ id: "out", property: "children" }], inputs: [{ id: "token", property: "n_clicks", value: 1 }] });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body, { response: { out: { children: "every 15 s" } } });
      assert.deepEqual((await visitor.get("/api/token")).body, { token: "pk.abc" });
    } finally {
      await test.close();
    }
  });

  it("reads the values itself when the settings were given without them", async () => {
    const settings = loadSettings({ env: testEnv });
    process.env["MAPBOX_TOKEN"] = "pk.from-process";
    try {
      const test = await serve(mapApp(), { settings });
      try {
        assert.match((await (await test.visitor()).get("/")).text, /token pk\.from-process/);
      } finally {
        await test.close();
      }
    } finally {
      delete process.env["MAPBOX_TOKEN"];
    }
  });

  it("refuses to create a server while a variable the app declares is missing", async () => {
    await assert.rejects(serve(mapApp(), { settings: loadSettings({ env: testEnv }) }), (error: unknown) => {
      assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"), String(error));
      assert.match(error.message, /MAPBOX_TOKEN: required by the app/);
      return true;
    });
  });

  it("gives handlers an empty env when the app declares none", async () => {
    const app = createApp({ title: "Plain", server: { clientDir: fakeClientDir() } });
    app.page("/", { layout: ({ env }) => html.P(`keys ${Object.keys(env).length}`) });
    const test = await serve(app, { settings: loadSettings({ env: testEnv }) });
    try {
      assert.match((await (await test.visitor()).get("/")).text, /keys 0/);
    } finally {
      await test.close();
    }
  });
});
