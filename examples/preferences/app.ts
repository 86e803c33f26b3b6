/**
 * @module
 * Preferences on two pages: on "Choose", a visitor picks indicators from a fixed list of five
 * and saves them under a name (one row per indicator in `user_preferences`); on "Saved", the rows
 * they saved are listed by a table declared with `app.table`, paged by the database. The name and
 * the ticked indicators are kept server-side (`persistence: "server"`), so a reload, or the next
 * visit from the same session, shows them as they were left.
 */
import { eq } from "drizzle-orm";
import { createApp, DataTable, dcc, html, Input, Output, PreventUpdate, State } from "dashbase";
import { fieldMessages } from "dashbase/db";
import { indicators } from "./indicators.js";
import * as models from "./models.js";
import { savePreferences } from "./preferences.js";

const app = createApp({ title: "Indicator preferences", models });

const saved = app.table("preferences", {
  from: models.userPreferences,
  columns: [
    { id: "userName", name: "Name" },
    { id: "selection", name: "#" },
    { id: "legend", name: "Indicator" },
    { id: "createdAt", name: "Saved" },
  ],
  pageSize: 20,
  defaultSort: [{ column: "createdAt", direction: "desc" }],
  // Each visitor sees the rows their own session saved.
  where: (ctx) => eq(models.userPreferences.owner, ctx.session.owner),
});

const nav = html.Nav([dcc.Link("Choose", { href: "/" }), " | ", dcc.Link("Saved", { href: "/saved" })]);

app.page("/", {
  title: "Choose indicators",
  layout: html.Main([
    nav,
    html.H1("Choose your indicators"),
    html.Label("Your name", { htmlFor: "name" }),
    dcc.Input({ id: "name", placeholder: "Ada", persistence: "server" }),
    html.Div({ id: "name-error", className: "error" }),
    dcc.Checklist({
      id: "indicators",
      options: indicators.map((indicator) => ({ label: indicator.legend, value: indicator.selection })),
      value: [],
      persistence: "server",
    }),
    html.Div({ id: "indicators-error", className: "error" }),
    html.Button("Save", { id: "save", type: "button" }),
    html.P({ id: "result", role: "status" }),
  ]),
});

app.page("/saved", {
  title: "Saved preferences",
  layout: html.Main([nav, html.H1("Your saved preferences"), DataTable({ table: saved })]),
});

app.callback(
  [Output("name-error", "children"), Output("indicators-error", "children"), Output("result", "children"), Output("indicators", "value")],
  [Input<number>("save", "n_clicks")],
  [State<unknown>("name", "value"), State<unknown>("indicators", "value")],
  async ([clicks], [name, chosen], { db, session }) => {
    if (!clicks) throw new PreventUpdate();
    try {
      const rows = await savePreferences(db, { name, indicators: chosen }, session.owner);
      const legends = rows.map((row) => row.legend).join(", ");
      // Written back in list order; as an output of a callback it is also what the server keeps.
      return ["", "", `Saved for ${rows[0]!.userName}: ${legends}.`, rows.map((row) => row.selection).sort((a, b) => a - b)];
    } catch (error) {
      const problems = fieldMessages(error);
      if (problems === undefined) throw error;
      return [problems["name"] ?? "", problems["indicators"] ?? "", "Nothing was saved.", chosen];
    }
  },
);

export default app;
