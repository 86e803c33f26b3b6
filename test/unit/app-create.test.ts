import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { ALL, createApp, dcc, DashbaseError, html, Input, noUpdate, Output, State } from "dashbase";
import { loadProject } from "../../src/cli/project.js";
import { tempDir } from "../support/temp-dir.js";

const rejectsInvalid =
  (pattern: RegExp) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof DashbaseError);
    assert.equal(error.code, "DASHBASE_E_APP_INVALID");
    assert.match(error.message, pattern);
    return true;
  };

describe("createApp", () => {
  it("opens nothing and exposes models, seed and migrationsDir for the CLI", async () => {
    const dir = tempDir("app");
    const indexUrl = new URL("../../src/index.ts", import.meta.url).href;
    fs.writeFileSync(
      path.join(dir, "app.ts"),
      [
        `import { pgTable, serial } from ${JSON.stringify(import.meta.resolve("drizzle-orm/pg-core"))};`,
        `import { createApp, html } from ${JSON.stringify(indexUrl)};`,
        `export const things = pgTable("things", { id: serial("id").primaryKey() });`,
        `const app = createApp({ title: "Loaded", models: { things }, seed: async () => {}, db: { settings: { kind: "postgres", host: "203.0.113.1", port: 1, user: "u", password: "p", database: "d", ssl: false, displayUrl: "x", pool: { max: 1, acquireTimeoutMs: 1, statementTimeoutMs: 1, connectRetryMs: 1 } } } });`,
        `app.page("/", { layout: html.P("hi") });`,
        `export default app;`,
      ].join("\n"),
    );
    const project = await loadProject(path.join(dir, "app.ts"));
    assert.equal(Object.keys(project.definition.models).join(), "things");
    assert.equal(typeof project.definition.seed, "function");
    assert.equal(project.migrationsDir, path.join(dir, "migrations"));
  });

  it("keeps registries on the instance: two apps never share pages or callbacks", () => {
    const a = createApp();
    const b = createApp();
    a.page("/", { layout: html.P("a") });
    a.callback([Output("o", "children")], [Input("i", "value")], ([value]) => [value]);
    assert.equal(a.pages.all().length, 1);
    assert.equal(b.pages.all().length, 0);
    assert.equal(b.callbacks.size, 0);
  });
});

describe("app.validate()", () => {
  it("passes a consistent app", async () => {
    const app = createApp();
    app.page("/", { layout: () => html.Div([dcc.Input({ id: "in" }), html.P({ id: "out" })]) });
    app.callback([Output("out", "children")], [Input("in", "value")], ([value]) => [value]);
    await app.validate();
  });

  it("lists every problem in one error: an output written twice and an unknown id", async () => {
    const app = createApp();
    app.page("/", { layout: html.Div([dcc.Input({ id: "in" }), html.P({ id: "out" })]) });
    app.callback([Output("out", "children")], [Input("in", "value")], ([value]) => [value]);
    app.callback([Output("out", "children")], [Input("inn", "value")], ([value]) => [value]);
    await assert.rejects(
      app.validate(),
      rejectsInvalid(
        /the app has 2 problems:\n {2}- output out\.children is written by two callbacks[\s\S]*\n {2}- callback "out\.children#2" \(.*app-create\.test\.ts:\d+\) uses Input\("inn", "value"\) but no page layout contains a component with id "inn"/,
      ),
    );
  });

  it("does not report unknown ids when a layout depends on the request, or when allowDynamicIds is set", async () => {
    const dynamic = createApp();
    dynamic.page("/:code", { layout: ({ params }) => html.P(params.code) });
    dynamic.callback([Output("made-later", "children")], [Input("also-later", "value")], ([value]) => [value]);
    await dynamic.validate();
    const allowed = createApp({ callbacks: { allowDynamicIds: true } });
    allowed.page("/", { layout: html.P("x") });
    allowed.callback([Output("made-later", "children")], [Input("also-later", "value")], ([value]) => [value]);
    await allowed.validate();
  });

  it("refuses a cycle before serving", async () => {
    const app = createApp();
    app.page("/", { layout: html.Div([dcc.Input({ id: "a" }), dcc.Input({ id: "b" })]) });
    app.callback([Output("b", "value")], [Input("a", "value")], ([value]) => [value]);
    app.callback([Output("a", "value")], [Input("b", "value")], ([value]) => [value]);
    await assert.rejects(app.validate(), rejectsInvalid(/callbacks form a cycle/));
    await assert.rejects(app.createServer(), rejectsInvalid(/callbacks form a cycle/));
  });
});

// Type-level checks: compiled by `tsc -p tsconfig.check.json`, never run.
export function typeChecks(): void {
  const app = createApp({ models: { things: pgTable("things", { id: serial("id").primaryKey(), name: text("name") }) } });
  app.callback(
    [Output<string>("o", "children"), Output<number>("n", "children")],
    [Input<string>("i", "value")],
    [State<number>("s", "value", { initial: 1 })],
    ([text], [count]) => {
      // An Input without `{ initial }` may be missing (the first call); `{ initial }` makes it a plain number.
      const upper: string = text?.toUpperCase() ?? "";
      const doubled: number = count * 2;
      return [upper, doubled > 1 ? doubled : noUpdate];
    },
  );
  // An ALL input arrives as an array (the id's type is inferred when no value type is given).
  app.callback([Output<number>("total", "children")], [Input({ type: "qty", index: ALL }, "value")], ([values]) => [values.length]);
  // @ts-expect-error a string is not a number output
  app.callback([Output<number>("n", "children")], [Input<string>("i", "value")], ([text]) => [text]);
  app.page("/country/:code", { layout: ({ params }) => html.P(params.code) });
  // @ts-expect-error no such param
  app.page("/country/:code", { layout: ({ params }) => html.P(params.name) });
  void app.models.things;
}
