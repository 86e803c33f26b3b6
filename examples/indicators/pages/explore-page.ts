/**
 * @module
 * Explore: pick an indicator, some of its series and a year range; the chart and the summary
 * table come from SQL. The view is restored on the next visit (`persistence: "server"`).
 */
import { DataTable, dcc, html, Input, Output, PreventUpdate, State, type Child, type DashbaseApp, type Option } from "dashbase";
import { readNumber, readNumberList, readText, readTextList } from "../callback-values.js";
import { card, field, shellFor } from "../layout-shell.js";
import { figureFor, listIndicators, summaryFor, type IndicatorInfo, type SummaryRow } from "../queries.js";
import { readStoredView, resolveView, viewIds, writeStoredView, type ExploreView } from "../view-state.js";

/** About seven labelled years along the slider, on round numbers. */
export function yearMarks(from: number, to: number): Record<string, string> {
  const span = Math.max(to - from, 1);
  const step = [1, 2, 5, 10, 20, 25, 50, 100].find((candidate) => span / candidate <= 7) ?? 200;
  const marks: Record<string, string> = { [from]: String(from), [to]: String(to) };
  for (let year = Math.ceil(from / step) * step; year < to; year += step) {
    // Leave room around the end labels so they do not run into their neighbours.
    if (year - from >= step * 0.7 && to - year >= step * 0.7) marks[year] = String(year);
  }
  return marks;
}

function indicatorOptions(list: IndicatorInfo[]): Option<string>[] {
  return list
    .filter((indicator) => indicator.observations > 0)
    .map((indicator) => ({
      label: indicator.origin === "upload" ? `${indicator.name} (uploaded)` : indicator.name,
      value: indicator.code,
    }));
}

/** Large figures (population) are shown in millions so the table stays narrow and sortable. */
function scaleFor(rows: SummaryRow[]): { factor: number; label: string } {
  const largest = Math.max(0, ...rows.flatMap((row) => [Math.abs(row.min), Math.abs(row.max)]));
  return largest >= 1e7 ? { factor: 1e6, label: "millions" } : { factor: 1, label: "" };
}

/** Whole numbers stay whole; others keep at most 3 significant decimals. */
function tidy(value: number | null, factor = 1): number | null {
  if (value === null) return null;
  const scaled = value / factor;
  return Number.isInteger(scaled) ? scaled : Math.round(scaled * 1000) / 1000;
}

function summaryRows(rows: SummaryRow[]): Record<string, unknown>[] {
  const { factor } = scaleFor(rows);
  return rows.map((row) => ({
    entity: row.entity,
    years: row.firstYear === row.lastYear ? String(row.firstYear) : `${row.firstYear}–${row.lastYear}`,
    first: tidy(row.first, factor),
    last: tidy(row.last, factor),
    min: tidy(row.min, factor),
    max: tidy(row.max, factor),
    changePct: row.changePct,
  }));
}

function summaryColumns(unit: string, rows: SummaryRow[]) {
  const { label } = scaleFor(rows);
  const shown = label === "" ? unit : `${label} of ${unit}`;
  const suffix = shown === "" ? "" : ` (${shown})`;
  return [
    { id: "entity", name: "Series" },
    { id: "years", name: "Years" },
    { id: "first", name: `First${suffix}`, type: "numeric" as const },
    { id: "last", name: "Last", type: "numeric" as const },
    { id: "min", name: "Min", type: "numeric" as const },
    { id: "max", name: "Max", type: "numeric" as const },
    { id: "changePct", name: "Change %", type: "numeric" as const },
  ];
}

function sourceLine(indicator: IndicatorInfo): Child[] {
  const parts: Child[] = [`${indicator.name}, in ${indicator.unit || "units as uploaded"}. Source: `];
  parts.push(
    indicator.sourceUrl ? html.A(indicator.source, { href: indicator.sourceUrl, target: "_blank", rel: "noopener" }) : indicator.source,
  );
  parts.push(". ");
  parts.push(dcc.Link("More about the data", { href: "/about" }));
  return parts;
}

/** Where "Save this view" goes: a view opened from a link is carried in the link until the user changes it. */
function saveHref(fromLink: string | undefined): string {
  return fromLink === undefined ? "/save" : `/save?indicator=${encodeURIComponent(fromLink)}`;
}

function controls(view: ExploreView, indicators: IndicatorInfo[], fromLink: string | undefined) {
  return card("Your view", [
    field(
      "Indicator",
      dcc.Dropdown({
        id: viewIds.indicator,
        options: indicatorOptions(indicators),
        value: view.indicator.code,
        clearable: false,
        "aria-label": "Indicator",
      }),
    ),
    field(
      "Series",
      dcc.Dropdown({
        id: viewIds.entities,
        options: view.options,
        value: view.entities,
        multi: true,
        placeholder: "Choose countries or series",
        "aria-label": "Series",
      }),
      { hint: "Type to search; the largest series are chosen first." },
    ),
    field(
      "Years",
      dcc.RangeSlider({
        id: viewIds.years,
        min: view.bounds.from,
        max: view.bounds.to,
        step: 1,
        value: view.years,
        marks: yearMarks(view.bounds.from, view.bounds.to),
        "aria-label": "Years",
      }),
    ),
    html.P(sourceLine(view.indicator), { id: "source-line", className: "ind-hint" }),
    html.Div([dcc.Link("Save this view", { href: saveHref(fromLink), id: "save-link", className: "ind-button secondary" })], {
      style: { marginTop: "1rem" },
    }),
  ]);
}

/** Registers the Explore page and its callbacks on `app`. */
export function addExplorePage(app: DashbaseApp): void {
  const shell = shellFor(app);
  app.page("/", {
    name: "Explore",
    order: 0,
    title: "Explore · Indicators",
    layout: async ({ db, store, query, session }) => {
      const indicators = await listIndicators(db);
      // A link such as /?indicator=forest_area (from the Data page) shows that indicator without
      // remembering it: a page load changes nothing (another site can make a browser load any
      // URL). The view is remembered once the user changes it, through the callback below.
      const fromLink = query["indicator"] || undefined;
      const wanted = fromLink !== undefined ? { indicator: fromLink } : await readStoredView(store);
      const view = await resolveView(db, wanted);
      if (view === undefined) {
        return shell(
          { path: "/", session },
          "Explore",
          "No indicators yet.",
          card(
            null,
            html.Div(
              [
                "The database has no indicators. Run ",
                html.Code("dashbase db seed"),
                " or upload a CSV on the ",
                dcc.Link("Data", { href: "/data" }),
                " page.",
              ],
              { className: "ind-empty" },
            ),
          ),
        );
      }
      const [figure, summary] = await Promise.all([
        figureFor(db, { indicator: view.indicator.code, entities: view.entities, yearFrom: view.years[0], yearTo: view.years[1] }),
        summaryFor(db, { indicator: view.indicator.code, entities: view.entities, yearFrom: view.years[0], yearTo: view.years[1] }),
      ]);
      return shell(
        { path: "/", session },
        "Explore indicators",
        "Population, health, climate and energy figures from public data sets. Pick an indicator, the series to compare and the years: the chart and the table are computed by the database.",
        html.Div(
          [
            controls(view, indicators, fromLink === undefined ? undefined : view.indicator.code),
            html.Div([
              card(
                null,
                dcc.Loading(
                  dcc.Graph({ id: "chart", figure, config: { displaylogo: false, responsive: true }, style: { height: "460px" } }),
                ),
              ),
              card("Summary", [
                html.P("Per series over the chosen years, computed in SQL.", { className: "ind-hint", style: { marginTop: 0 } }),
                html.Div(
                  DataTable({
                    id: "summary",
                    data: summaryRows(summary),
                    columns: summaryColumns(view.indicator.unit, summary),
                    page_size: 10,
                  }),
                  { className: "ind-table-wrap" },
                ),
              ]),
            ]),
          ],
          { className: "ind-explore" },
        ),
      );
    },
  });

  // A new indicator: its series, its years, a first choice of series.
  app.callback(
    [
      Output(viewIds.entities, "options"),
      Output(viewIds.entities, "value"),
      Output(viewIds.years, "min"),
      Output(viewIds.years, "max"),
      Output(viewIds.years, "value"),
      Output(viewIds.years, "marks"),
      Output("source-line", "children"),
    ],
    [Input<string | null>(viewIds.indicator, "value")],
    async ([codeValue], { db }) => {
      const code = readText(codeValue, "indicator.value");
      if (!code) throw new PreventUpdate();
      const view = await resolveView(db, { indicator: code });
      if (view === undefined) throw new PreventUpdate();
      return [
        view.options,
        view.entities,
        view.bounds.from,
        view.bounds.to,
        view.years,
        yearMarks(view.bounds.from, view.bounds.to),
        sourceLine(view.indicator),
      ];
    },
    { preventInitialCall: true },
  );

  // Any change of the view: redraw, recompute the summary, and remember the view (this runs
  // only for changes: a page load writes nothing).
  app.callback(
    [Output("chart", "figure"), Output("summary", "data"), Output("summary", "columns"), Output("save-link", "href")],
    [
      Input<string | null>(viewIds.indicator, "value"),
      Input<string[] | null>(viewIds.entities, "value"),
      Input<[number, number] | null>(viewIds.years, "value"),
    ],
    [State<number>(viewIds.years, "min"), State<number>(viewIds.years, "max")],
    async ([codeValue, entitiesValue, yearsValue], [minValue, maxValue], { db, store, ctx }) => {
      const code = readText(codeValue, "indicator.value");
      const entities = readTextList(entitiesValue, "entities.value");
      const years = readNumberList(yearsValue, "years.value", 2);
      const min = readNumber(minValue, "years.min");
      const max = readNumber(maxValue, "years.max");
      if (!code) throw new PreventUpdate();
      const view = await resolveView(db, { indicator: code, entities: entities ?? [], years: years ?? [min, max] });
      if (view === undefined) throw new PreventUpdate();
      if (ctx.triggered.length > 0)
        await writeStoredView(store, { indicator: view.indicator.code, entities: view.entities, years: view.years });
      // Series of another indicator (sent while the indicator callback runs) were dropped by resolveView.
      const query = { indicator: view.indicator.code, entities: view.entities, yearFrom: view.years[0], yearTo: view.years[1] };
      const [figure, summary] = await Promise.all([figureFor(db, query), summaryFor(db, query)]);
      return [figure, summaryRows(summary), summaryColumns(view.indicator.unit, summary), saveHref(undefined)];
    },
    { preventInitialCall: true },
  );
}
