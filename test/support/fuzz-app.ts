/**
 * @module
 * The system under test of the fuzz and security suites: the notes app (a saving callback, a
 * store value, a server-persisted input, a slow callback) plus what reaches a user's data by
 * every other way: a page with a DataTable bound to the session's own notes and a server-kept
 * dcc.Store, and API routes that read and write the session's notes and store values.
 * `robustNotesApp()` has the notes app's ids with handlers that treat every value as untrusted,
 * so that any 5xx the fuzz sees is dashbase's, not a handler's.
 */
import { desc, eq } from "drizzle-orm";
import { createApp, DashbaseError, DataTable, dcc, html, Input, Output, PreventUpdate, State, type DashbaseApp } from "dashbase";
import { notes, notesApp } from "./notes-app.js";

/** Ids and paths the tests address. */
export const fuzzAppIds = { table: "my-notes", editableTable: "my-notes-edit", prefs: "prefs", tablePage: "/table" } as const;

/**
 * The notes app with a session-scoped table page and API routes.
 * @example
 * const app = notesAppWithRoutes();
 * const server = await app.createServer({ db, settings });
 */
export function notesAppWithRoutes(app: DashbaseApp = notesApp()): DashbaseApp {
  const myNotes = app.table(fuzzAppIds.table, {
    from: notes,
    columns: ["body", { id: "seq", name: "Seq" }],
    pageSize: 20,
    where: (ctx) => eq(notes.owner, ctx.session.owner),
  });
  // The same rows, editable in place (POST /_dashbase/table/my-notes-edit/edit): served without a page showing it.
  app.table(fuzzAppIds.editableTable, {
    from: notes,
    columns: ["body", "seq"],
    editable: ["body", "seq"],
    where: (ctx) => eq(notes.owner, ctx.session.owner),
  });
  app.page(fuzzAppIds.tablePage, {
    title: "My notes",
    layout: html.Div([
      html.H1("My notes"),
      dcc.Store({ id: fuzzAppIds.prefs, storage_type: "server", data: null }),
      DataTable({ table: myNotes }),
    ]),
  });

  app.api.get("/api/mine", async ({ db, session, store }) => ({
    remembered: (await store.get("remembered")) ?? null,
    notes: (await db.select({ body: notes.body }).from(notes).where(eq(notes.owner, session.owner))).map((row) => row.body),
  }));

  app.api.post("/api/notes", async ({ db, session, request, response }) => {
    const body = request.body as { body?: unknown } | null | undefined;
    if (typeof body !== "object" || body === null || typeof body.body !== "string") {
      throw new DashbaseError("DASHBASE_E_BAD_REQUEST", `expected { body: "text" }, found ${JSON.stringify(body)?.slice(0, 60)}`);
    }
    const [row] = await db.insert(notes).values({ owner: session.owner, body: body.body }).returning();
    response.status(201);
    return { id: row!.id, body: row!.body };
  });

  app.api.post("/api/remember", async ({ store, request }) => {
    const value = (request.body as { value?: unknown } | null | undefined)?.value;
    await store.set("remembered", value ?? null);
    return { remembered: await store.get("remembered") };
  });

  app.api.post("/api/echo", async ({ store, request }) => {
    await store.set("echo", request.body ?? null);
    return { echo: await store.get("echo") };
  });
  return app;
}

function text(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "");
}

/**
 * The notes app's page and callbacks (without the slow one), written defensively, plus the
 * table page and API routes.
 * @example
 * const server = await robustNotesApp().createServer({ db, settings });
 */
export function robustNotesApp(): DashbaseApp {
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
      html.Ul({ id: "mine" }),
    ]),
  });
  app.callback(
    [Output("saved", "children")],
    [Input("save", "n_clicks")],
    [State("body", "value")],
    async ([clicks], [body], { db, session }) => {
      if (!clicks) throw new PreventUpdate();
      // The value goes to the database as the user sent it: a bad one is the database's to refuse.
      const [row] = await db
        .insert(notes)
        .values({ owner: session.owner, body: text(body), seq: typeof clicks === "number" ? clicks : Number(text(clicks)) })
        .returning();
      return [`saved #${row!.id}`];
    },
    { preventInitialCall: true },
  );
  app.callback([Output("remembered", "children")], [Input("remember", "value")], async ([value], { store }) => {
    if (value) await store.set("remembered", value);
    return [text((await store.get("remembered")) ?? "")];
  });
  app.callback([Output("mine", "children")], [Input("saved", "children")], async (_values, { db, session }) => {
    const rows = await db.select().from(notes).where(eq(notes.owner, session.owner)).orderBy(desc(notes.id)).limit(20);
    return [rows.map((row) => html.Li(row.body))];
  });
  return notesAppWithRoutes(app);
}
