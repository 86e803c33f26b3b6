/**
 * @module
 * Save: stores the current Explore view under a user name in `user_preferences` (the legend is
 * the indicator's name). A bad name is shown under its field; a saved view is confirmed by id.
 */
import { dcc, html, Input, Output, PreventUpdate, State, type DashbaseApp } from "dashbase";
import { readInteger, readNumberList, readRecord, readText, readTextList } from "../callback-values.js";
import { card, field, shellFor } from "../layout-shell.js";
import { savedViewsTopic, saveView } from "../saved-views.js";
import { currentView, resolveView, type ExploreView } from "../view-state.js";

/** A view opened from a link (`/save?indicator=...`), or the remembered one. */
async function viewToSave(
  db: Parameters<typeof currentView>[0],
  store: Parameters<typeof currentView>[1],
  indicator: string | null,
): Promise<ExploreView | undefined> {
  return indicator !== null ? resolveView(db, { indicator }) : currentView(db, store);
}

/** The view the page shows, as it rides in the page: what Save saves, with no query to find it again. */
type ShownView = {
  indicator: string;
  entities: string[];
  years: [number, number];
};

function shownViewOf(view: ExploreView | undefined): ShownView | null {
  return view === undefined ? null : { indicator: view.indicator.code, entities: view.entities, years: view.years };
}

/** The shown view a request sends back (any JSON: each field is checked), or null when it sends none. */
function readShownView(value: unknown): ShownView | null {
  const shown = readRecord(value, "shown-view.data");
  if (shown === null) return null;
  const indicator = readText(shown["indicator"], "shown-view.data.indicator");
  const entities = readTextList(shown["entities"], "shown-view.data.entities");
  const years = readNumberList(shown["years"], "shown-view.data.years", 2);
  if (indicator === null || entities === null || years === null) return null;
  return { indicator, entities, years: [years[0]!, years[1]!] };
}

/** "Population · India, China and 3 more · 1955–2005" */
export function describeView(view: Pick<ExploreView, "entities" | "years"> & { indicator: { name: string } }): string {
  const shown = view.entities.slice(0, 4);
  const more = view.entities.length - shown.length;
  const series = view.entities.length === 0 ? "no series" : `${shown.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
  return `${view.indicator.name} · ${series} · ${view.years[0]}–${view.years[1]}`;
}

/** Registers the Save page and its callback on `app`. */
export function addSavePage(app: DashbaseApp): void {
  const shell = shellFor(app);
  app.page("/save", {
    name: "Save",
    order: 1,
    title: "Save · Indicators",
    layout: async ({ db, store, query, session }) => {
      const linked = query["indicator"] ? { indicator: query["indicator"] } : null;
      const view = await viewToSave(db, store, linked?.indicator ?? null);
      const summary =
        view === undefined
          ? html.Div(["Nothing to save yet: ", dcc.Link("explore an indicator", { href: "/" }), " first."], { className: "ind-empty" })
          : html.P([html.Span("Current view: "), html.Strong(describeView(view), { id: "save-view" })], {
              className: "ind-view-summary",
            });
      return shell(
        { path: "/save", session },
        "Save this view",
        "Keep the view you are looking at under your name. Everyone's saved views are listed in History; only you can delete yours.",
        card(null, [
          summary,
          // The view this page saves when it came from a link; kept in the page, not remembered.
          dcc.Store({ id: "linked-view", data: linked }),
          // The view shown above, sent back with Save: the save stores what the page showed,
          // without resolving the view from the data again (two aggregates over its figures).
          dcc.Store({ id: "shown-view", data: shownViewOf(view) }),
          html.Div(
            [
              field(
                "Your name",
                dcc.Input({ id: "user-name", type: "text", placeholder: "e.g. Ada", autoComplete: "name", "aria-label": "Your name" }),
                {
                  htmlFor: "user-name",
                  errorId: "user-name-error",
                },
              ),
              html.Div(html.Button("Save view", { id: "save-button", className: "ind-button", type: "button" }), {
                className: "ind-field",
              }),
            ],
            { className: "ind-row" },
          ),
          html.Div("", { id: "save-result", className: "ind-notice", role: "status" }),
        ]),
      );
    },
  });

  app.callback(
    [Output("user-name-error", "children"), Output("save-result", "children"), Output("save-result", "className")],
    [Input<number | undefined>("save-button", "n_clicks"), Input<number | undefined>("user-name", "n_submit")],
    [State<string | null>("user-name", "value"), State<unknown>("linked-view", "data"), State<unknown>("shown-view", "data")],
    async ([clicksValue, submitsValue], [userNameValue, linkedValue, shownValue], { db, store, session, publish }) => {
      const clicks = readInteger(clicksValue, "save-button.n_clicks");
      const submits = readInteger(submitsValue, "user-name.n_submit");
      const userName = readText(userNameValue, "user-name.value");
      const linked = readText(readRecord(linkedValue, "linked-view.data")?.["indicator"], "linked-view.data.indicator");
      const shown = readShownView(shownValue);
      if (!clicks && !submits) throw new PreventUpdate();
      // A request without the shown view (an older page, a script) saves the view as the page would show it.
      const view = shown ?? shownViewOf(await viewToSave(db, store, linked));
      const result = await saveView(db, {
        userName,
        view: {
          indicator: view?.indicator ?? "",
          entities: view?.entities ?? [],
          yearFrom: view?.years[0] ?? null,
          yearTo: view?.years[1] ?? null,
        },
        owner: session.owner,
      });
      if (!result.ok) {
        const nameProblem = result.problems.find((problem) => problem.field === "userName");
        const other = result.problems.filter((problem) => problem.field !== "userName");
        return [
          nameProblem ? `Your name: ${nameProblem.message}` : "",
          other.length === 0 ? "" : html.Span(other.map((problem) => problem.message).join("; ")),
          other.length === 0 ? "ind-notice" : "ind-notice bad",
        ];
      }
      // Every open History page shows the new view without a reload.
      await publish(savedViewsTopic, { id: result.row.id });
      return [
        "",
        html.Span(
          [
            `Saved as #${result.row.id}: `,
            html.Strong(
              describeView({ indicator: { name: result.row.legend }, entities: view?.entities ?? [], years: view?.years ?? [0, 0] }),
            ),
            ". ",
            dcc.Link("See it in History", { href: "/history" }),
          ],
          {
            id: "save-confirmation",
          },
        ),
        "ind-notice good",
      ];
    },
    { preventInitialCall: true },
  );
}
