/**
 * @module
 * History: every saved view in a DataTable bound to `user_preferences` (the server pages, sorts
 * and filters), and the visitor's own saves, which they can open in Explore or delete. A delete
 * updates the page in place: the table fetches its page again (a new `data_version`) and the
 * list of the visitor's saves is rebuilt. A view saved or deleted in any browser is published on
 * the `saved-views` topic, and the table here fetches its page again: History is live.
 */
import { desc, eq } from "drizzle-orm";
import { DataTable, dcc, html, Input, noUpdate, Output, PreventUpdate, State, Topic, type DashbaseApp, type Queryable } from "dashbase";
import { readInteger } from "../callback-values.js";
import { card, field, shellFor } from "../layout-shell.js";
import { userPreferences } from "../models.js";
import { deleteSavedView, parseSelection, savedViewsTopic } from "../saved-views.js";
import { resolveView, writeStoredView } from "../view-state.js";

async function ownSaves(db: Queryable, owner: string) {
  const rows = await db
    .select({
      id: userPreferences.id,
      userName: userPreferences.userName,
      legend: userPreferences.legend,
      selection: userPreferences.selection,
    })
    .from(userPreferences)
    .where(eq(userPreferences.owner, owner))
    .orderBy(desc(userPreferences.id))
    .limit(200);
  return rows.map((row) => {
    const selection = parseSelection(row.selection);
    const series = selection === undefined ? "" : ` · ${selection.entities.length} series`;
    return { label: `#${row.id} · ${row.userName} · ${row.legend}${series}`, value: row.id };
  });
}

/** The visitor's own saves, and the controls that go with them, after a change. */
function ownSavesOutputs(mine: { label: string; value: number }[]) {
  return [mine, mine[0]?.value ?? null, mine.length === 0, mine.length > 0] as const;
}

/** Registers the History page and its callback on `app`. */
export function addHistoryPage(app: DashbaseApp): void {
  // Declared once on the app: any process of a deployment serves its pages, rendered or not.
  const history = app.table("history", {
    from: userPreferences,
    columns: [
      { id: "id", name: "#" },
      { id: "userName", name: "Name" },
      { id: "legend", name: "Indicator" },
      { id: "createdAt", name: "Saved at" },
    ],
    pageSize: 10,
    defaultSort: [{ column: "createdAt", direction: "desc" }],
  });

  const shell = shellFor(app);
  app.page("/history", {
    name: "History",
    order: 2,
    title: "History · Indicators",
    layout: async ({ db, session }) => {
      const mine = await ownSaves(db, session.owner);
      return shell(
        { path: "/history", session },
        "Saved views",
        "Every view saved on the Save page, newest first. Sort by a column, or type in the box under a heading to filter.",
        [
          dcc.Location({ id: "history-url" }),
          card("All saved views", html.Div(DataTable({ table: history }), { className: "ind-table-wrap" })),
          card("Your saved views", [
            // Both stay in the layout (one hidden), so a delete can swap them without a reload.
            html.Div(["You have not saved a view yet. ", dcc.Link("Save one", { href: "/save" }), "."], {
              className: "ind-empty",
              id: "my-saves-empty",
              hidden: mine.length > 0,
            }),
            html.Div(
              [
                field(
                  "Saved view",
                  dcc.Dropdown({
                    id: "my-saves",
                    options: mine,
                    value: mine[0]?.value ?? null,
                    clearable: false,
                    "aria-label": "Your saved view",
                  }),
                ),
                html.Div(
                  [
                    html.Button("Open in Explore", { id: "open-save", className: "ind-button secondary", type: "button" }),
                    " ",
                    html.Button("Delete", { id: "delete-save", className: "ind-button danger", type: "button" }),
                  ],
                  { className: "ind-field" },
                ),
              ],
              { className: "ind-row", id: "my-saves-controls", hidden: mine.length === 0 },
            ),
            html.Div("", { id: "history-message", className: "ind-notice", role: "status" }),
            html.P("Only whoever saved a view can delete it: the browser that saved it, or, signed in, you in any browser.", {
              className: "ind-hint",
            }),
          ]),
        ],
      );
    },
  });

  app.callback(
    [
      Output<string>("history-url", "href"),
      Output<number>("history", "data_version"),
      Output("my-saves", "options"),
      Output<number | null>("my-saves", "value"),
      Output<boolean>("my-saves-controls", "hidden"),
      Output<boolean>("my-saves-empty", "hidden"),
      Output<string>("history-message", "children"),
      Output<string>("history-message", "className"),
    ],
    [Input<number | undefined>("open-save", "n_clicks"), Input<number | undefined>("delete-save", "n_clicks")],
    [State<number | null>("my-saves", "value")],
    async ([openedValue, removedValue], [idValue], { db, store, session, ctx, publish }) => {
      const opened = readInteger(openedValue, "open-save.n_clicks");
      const removed = readInteger(removedValue, "delete-save.n_clicks");
      const id = readInteger(idValue, "my-saves.value");
      if ((!opened && !removed) || id === null) throw new PreventUpdate();
      const unchanged = [noUpdate, noUpdate, noUpdate, noUpdate, noUpdate] as const;
      if (ctx.triggeredId === "delete-save") {
        const outcome = await deleteSavedView(db, { id, owner: session.owner });
        if (outcome === "deleted") {
          await publish(savedViewsTopic, { id });
          // The table fetches its page again (new data_version); the visitor's list is rebuilt.
          const mine = await ownSaves(db, session.owner);
          return [noUpdate, removed ?? 0, ...ownSavesOutputs(mine), `Deleted saved view #${id}.`, "ind-notice good"];
        }
        return [
          noUpdate,
          ...unchanged,
          outcome === "not-yours"
            ? `Saved view #${id} belongs to someone else: only they can delete it.`
            : `Saved view #${id} no longer exists.`,
          "ind-notice bad",
        ];
      }
      const [row] = await db.select().from(userPreferences).where(eq(userPreferences.id, id));
      const selection = row === undefined ? undefined : parseSelection(row.selection);
      const view =
        selection === undefined
          ? undefined
          : await resolveView(db, {
              indicator: selection.indicator,
              entities: selection.entities,
              years: [selection.yearFrom, selection.yearTo],
            });
      if (view === undefined || view.indicator.code !== selection?.indicator)
        return [noUpdate, ...unchanged, `Saved view #${id} refers to an indicator that is no longer here.`, "ind-notice bad"];
      await writeStoredView(store, { indicator: view.indicator.code, entities: view.entities, years: view.years });
      return ["/", ...unchanged, noUpdate, noUpdate];
    },
    { preventInitialCall: true },
  );

  // Someone (in any browser, on any process) saved or deleted a view: the table fetches its page
  // again. A callback of its own, so a refresh never supersedes this visitor's Open or Delete.
  app.callback([Output<number>("history", "data_version", { allowDuplicate: true })], [Topic<{ id: number }>(savedViewsTopic)], () => [
    Date.now(),
  ]);
}
