/** @module The smallest useful dashbase app: one table in the database, one page, one callback. */
import { desc } from "drizzle-orm";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import { createApp, DataTable, dcc, html, Input, insertRow, Output, State } from "dashbase";

export const notes = pgTable("notes", { id: serial("id").primaryKey(), text: text("text").notNull() });

const app = createApp({ title: "Notes", models: { notes } });

app.page("/", {
  layout: html.Div([
    html.H1("Notes"),
    dcc.Input({ id: "text", placeholder: "Write a note" }),
    html.Button("Add", { id: "add" }),
    DataTable({
      id: "notes",
      columns: [
        { id: "id", name: "#" },
        { id: "text", name: "Note" },
      ],
    }),
  ]),
});

app.callback(
  [Output("notes", "data")],
  [Input<number>("add", "n_clicks")],
  [State<string>("text", "value")],
  async ([clicks], [text], { db }) => {
    if (clicks && text?.trim()) await insertRow(db, notes, { text: text.trim() });
    return [await db.select().from(notes).orderBy(desc(notes.id))];
  },
);

export default app;
