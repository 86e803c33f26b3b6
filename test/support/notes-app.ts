/**
 * A small app used by the fault and security suites as the system under test: users save notes
 * (a callback that inserts a row), keep a value in their store, persist an input on the server,
 * and run a deliberately slow callback.
 */
import { desc, eq } from "drizzle-orm";
import { integer, pgTable, serial, text } from "drizzle-orm/pg-core";
import { createApp, dcc, html, Input, Output, PreventUpdate, State, type DashbaseApp } from "dashbase";
import type { Database } from "dashbase";

export const notes = pgTable("notes", {
  id: serial("id").primaryKey(),
  owner: text("owner").notNull(),
  body: text("body").notNull(),
  seq: integer("seq"),
});

export const notesDdl = "create table if not exists notes (id serial primary key, owner text not null, body text not null, seq integer)";

export function notesApp(): DashbaseApp {
  const app = createApp({ title: "Notes", models: { notes } });
  app.page("/", {
    title: "Notes",
    layout: html.Div([
      html.H1("Notes"),
      dcc.Input({ id: "body", value: "", persistence: "server" }),
      html.Button("Save", { id: "save" }),
      html.Div({ id: "saved" }),
      dcc.Input({ id: "remember", value: "" }),
      html.Div({ id: "remembered" }),
      html.Button("Slow", { id: "slow" }),
      html.Div({ id: "slow-out" }),
      html.Ul({ id: "mine" }),
    ]),
  });

  app.callback(
    [Output("saved", "children")],
    [Input("save", "n_clicks")],
    [State("body", "value")],
    async ([clicks], [body], { db, session }) => {
      if (!clicks) throw new PreventUpdate();
      const [row] = await db
        .insert(notes)
        .values({ owner: session.owner, body: String(body ?? ""), seq: Number(clicks) })
        .returning();
      return [`saved #${row!.id}`];
    },
    { preventInitialCall: true },
  );

  app.callback([Output("remembered", "children")], [Input("remember", "value")], async ([value], { store }) => {
    if (value) await store.set("remembered", value);
    return [String((await store.get<string>("remembered")) ?? "")];
  });

  app.callback(
    [Output("slow-out", "children")],
    [Input("slow", "n_clicks")],
    async ([clicks], { db }) => {
      if (!clicks) throw new PreventUpdate();
      await db.query("select pg_sleep(0.2)");
      return [`slow ${clicks}`];
    },
    { preventInitialCall: true },
  );

  app.callback([Output("mine", "children")], [Input("saved", "children")], async (_values, { db, session }) => {
    const rows = await db.select().from(notes).where(eq(notes.owner, session.owner)).orderBy(desc(notes.id)).limit(20);
    return [rows.map((row) => html.Li(row.body))];
  });
  return app;
}

export async function prepareNotes(db: Database): Promise<void> {
  await db.exec(notesDdl);
}
