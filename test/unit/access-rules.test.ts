/**
 * Access rules as declared: bad shapes refused with DASHBASE_E_APP_INVALID naming the place,
 * inheritance from protected pages' static layouts (ids, pattern ids, DataTables), the strictest
 * rule of several pages, an explicit rule winning, dynamic layouts not walked, and an app with
 * rules but no users refused by validate().
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { ALL, createApp, DataTable, dcc, html, Input, Output, Topic, isDashbaseError } from "dashbase";

const things = pgTable("things", { id: serial("id").primaryKey(), owner: text("owner").notNull() });
const others = pgTable("others", { id: serial("id").primaryKey(), owner: text("owner").notNull() });

function invalid(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => isDashbaseError(error) && error.code === "DASHBASE_E_APP_INVALID" && pattern.test(error.message));
}

describe("access rules at declaration", () => {
  it("refuses malformed rules on every kind of declaration, naming it", () => {
    const app = createApp({ auth: {} });
    invalid(() => app.page("/a", { access: "admin" as never, layout: null }), /app\.page\("\/a"\).*expected access: "user"/);
    invalid(() => app.page("/b", { access: { role: "" }, layout: null }), /access\.role must be/);
    invalid(() => app.page("/c", { access: { role: "x", extra: 1 } as never, layout: null }), /expected access/);
    invalid(
      () => app.callback([Output("o", "children")], [Input("i", "value")], () => [1], { access: { roles: ["x"] } as never }),
      /app\.callback\(\)/,
    );
    invalid(() => app.table("t", { from: things, access: 1 as never }), /app\.table\("t"\)/);
    invalid(() => app.table("u", { from: things, owner: others.owner }), /owner must be a column of the same table/);
    invalid(() => app.api.get("/api/x", () => 1, { access: "users" as never }), /app\.api\.get\("\/api\/x"\)/);
    invalid(() => app.job("j", () => undefined, { access: { role: "a b" } }), /app\.job\("j"\)/);
    invalid(() => Topic("news", { access: "anyone" as never }), /Topic\("news"\)/);
  });

  it("gives callbacks and tables the rule of the protected pages whose static layouts show them; an own rule wins", async () => {
    const app = createApp({ auth: {} });
    const secret = app.table("secret", { from: things });
    const open = app.table("open", { from: things });
    const mine = app.table("mine", { from: things, access: "user" });
    app.page("/", {
      layout: html.Div([dcc.Input({ id: "both" }), html.Div({ id: "pub" }), DataTable({ table: open }), DataTable({ table: mine })]),
    });
    app.page("/members", { access: "user", layout: () => html.Div([dcc.Input({ id: { type: "row", index: 1 } }), html.Div({ id: "m" })]) });
    app.page("/admin", {
      access: { role: "admin" },
      layout: html.Div([dcc.Input({ id: "both" }), html.Div({ id: "a" }), DataTable({ table: secret }), DataTable({ table: mine })]),
    });
    app.page("/dynamic", {
      access: { role: "ops" },
      layout: ({ params }) => html.Div([dcc.Input({ id: "d-in" }), html.Div({ id: "d" }), String(params)]),
    });
    app.callback([Output("pub", "children")], [Input("both", "value")], () => [1]);
    app.callback([Output("m", "children")], [Input({ type: "row", index: ALL }, "value")], () => [1]);
    app.callback([Output("a", "children")], [Input("both", "n_clicks")], () => [1], { access: "user" });
    app.callback([Output("d", "children")], [Input("d-in", "value")], () => [1]);
    app.freeze();
    const plan = await app.accessPlan();
    // "both" is on "/" and "/admin": the strictest (admin) applies.
    assert.deepEqual(plan.callback("pub.children"), { roles: ["admin"] });
    assert.deepEqual(plan.callback("m.children"), { roles: [] }, "a pattern id matches the page's concrete ids");
    assert.deepEqual(plan.callback("a.children"), { roles: [] }, "the callback's own rule wins");
    // Shown only by a layout that is a function of the request: not walked, so not inherited.
    assert.equal(plan.callback("d.children"), undefined);
    assert.deepEqual(plan.table("secret"), { roles: ["admin"] });
    assert.equal(plan.table("open"), undefined);
    assert.deepEqual(plan.table("mine"), { roles: [] }, "own rule wins over the admin page's");
  });

  it("refuses at validation an app that declares rules without users", async () => {
    const app = createApp({});
    app.page("/", { access: "user", layout: html.P("x") });
    app.freeze();
    await assert.rejects(app.validate(), /access rules but has no users.*createApp\(\{ auth: \{\} \}\)/);
  });
});
