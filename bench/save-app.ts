/**
 * @module
 * The flagship's save reduced to what the framework does around it: the same page ids and
 * callback signature as examples/indicators' Save page, whose handler only validates and inserts
 * the `user_preferences` row (insertRow: the model's checks, then one INSERT) and answers
 * "Saved #id". bench/callbacks.bench.ts serves it with `dashbase start`, in production, beside
 * the flagship: the difference between the two is the flagship's own queries (the stored view,
 * the indicator, its series and years, the push message), the difference between this and the
 * raw server is dashbase's.
 */
import { createApp, dcc, html, Input, insertRow, Output, State } from "dashbase";
import { userPreferences } from "../examples/indicators/models.js";
import { createUserPreferences, savedSelection } from "./save-table.js";

const app = createApp({
  title: "Save",
  seed: async (db) => {
    await db.exec(createUserPreferences);
  },
});

app.page("/save", {
  layout: html.Div([
    dcc.Input({ id: "user-name", type: "text" }),
    html.Button("Save view", { id: "save-button" }),
    html.Div("", { id: "user-name-error" }),
    html.Div("", { id: "save-result" }),
    dcc.Store({ id: "linked-view", data: null }),
    dcc.Store({ id: "shown-view", data: null }),
  ]),
});

app.callback(
  [Output("user-name-error", "children"), Output("save-result", "children"), Output("save-result", "className")],
  [Input<number | undefined>("save-button", "n_clicks"), Input<number | undefined>("user-name", "n_submit")],
  [State<string | null>("user-name", "value"), State<unknown>("linked-view", "data"), State<unknown>("shown-view", "data")],
  async (_inputs, [userName], { db, session }) => {
    const name = typeof userName === "string" ? userName.trim() : "";
    if (name === "" || name.length > 60) return ["Your name: expected 1 to 60 characters", "", "ind-notice"];
    const row = await insertRow(db, userPreferences, {
      userName: name,
      selection: savedSelection,
      legend: "Population",
      owner: session.owner,
    });
    return ["", `Saved #${row.id}`, "ind-notice good"];
  },
  { preventInitialCall: true },
);

export default app;
