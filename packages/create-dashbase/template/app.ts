/**
 * @module
 * The app: one page with a form that adds a note (a callback) and a table of the notes that the
 * database pages and sorts (a declared table). `npm run dev` serves it at http://127.0.0.1:8050.
 */
import { createApp, DataTable, dcc, html, Input, insertRow, Output, PreventUpdate, State } from "dashbase";
import * as models from "./models.js";

const app = createApp({ title: "Notes", models });

// Declared once at the top level: the server pages, sorts and filters it, no callback code needed.
const notes = app.table("notes", {
  from: models.notes,
  columns: [
    { id: "text", name: "Note" },
    { id: "createdAt", name: "Written" },
  ],
  pageSize: 10,
  defaultSort: [{ column: "createdAt", direction: "desc" }],
});

app.page("/", {
  title: "Notes",
  layout: html.Main([
    html.H1("Notes"),
    dcc.Input({ id: "text", placeholder: "Write a note" }),
    html.Button("Add", { id: "add" }),
    html.P("", { id: "added" }),
    DataTable({ table: notes }),
  ]),
});

// Adds the note, then hands the table a new data_version so it fetches its page again.
app.callback(
  [Output<number>("notes", "data_version"), Output<string>("added", "children")],
  [Input<number>("add", "n_clicks")],
  [State<string>("text", "value")],
  async ([clicks], [text], { db }) => {
    const note = text?.trim();
    if (!clicks || !note) throw new PreventUpdate();
    await insertRow(db, models.notes, { text: note });
    return [clicks, `Added “${note}”.`];
  },
  { preventInitialCall: true },
);

export default app;
