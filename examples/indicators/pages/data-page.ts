/**
 * @module
 * Data: upload a CSV (entity, year, value) as a new indicator. The file is checked row by row;
 * a file with any bad row is refused whole with every row number and reason, a good one is
 * written in one transaction and can be charted in Explore right away.
 */
import { dcc, html, Input, Output, PreventUpdate, State, type DashbaseApp } from "dashbase";
import { decodeUpload, describeProblem, importIndicatorCsv, type CsvProblem } from "../csv-import.js";
import { defaultCsvLimits } from "../csv-parse-indicator.js";
import { card, field, shell } from "../layout-shell.js";
import { listIndicators } from "../queries.js";

/** Problems listed on the page; the rest are counted. */
const shownProblems = 30;

const sample = 'entity,year,value\nRegion A,2000,21.5\nRegion A,2010,23.0\n"Region B, North",2000,64.0\n';

function problemList(problems: CsvProblem[]) {
  const shown = problems.slice(0, shownProblems);
  const more = problems.length - shown.length;
  return html.Div(
    [
      html.Strong(
        `The file was not imported: ${problems.length === 1 ? "1 problem" : `${problems.length} problems`}. Nothing was written; fix the file and upload it again.`,
      ),
      html.Ul([...shown.map((problem) => html.Li(describeProblem(problem))), more > 0 ? html.Li(`... and ${more} more`) : null], {
        id: "upload-problems",
      }),
    ],
    { id: "upload-rejected" },
  );
}

function progressBar(done: number, total: number) {
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return html.Div(html.Div("", { className: "ind-progress-bar", style: { width: `${percent}%` } }), {
    className: "ind-progress",
    role: "progressbar",
    "aria-valuenow": percent,
    "aria-valuemin": 0,
    "aria-valuemax": 100,
  });
}

/** Registers the Data page and its upload callback on `app`. */
export function addDataPage(app: DashbaseApp): void {
  app.page("/data", {
    title: "Data · Indicators",
    layout: async ({ db }) => {
      const uploads = (await listIndicators(db)).filter((indicator) => indicator.origin === "upload");
      return shell(
        "/data",
        "Add your own data",
        "Upload a CSV of a new indicator, for example agricultural or forest land, which the bundled data sets do not have. Nothing is imported unless every row is valid.",
        [
          card("1. Describe the indicator", [
            html.Div(
              [
                field(
                  "Name",
                  dcc.Input({ id: "upload-name", type: "text", placeholder: "e.g. Forest area", "aria-label": "Indicator name" }),
                  { htmlFor: "upload-name", errorId: "upload-name-error" },
                ),
                field("Unit", dcc.Input({ id: "upload-unit", type: "text", placeholder: "e.g. % of land area", "aria-label": "Unit" }), {
                  htmlFor: "upload-unit",
                  errorId: "upload-unit-error",
                }),
                field("Source", dcc.Input({ id: "upload-source", type: "text", placeholder: "e.g. World Bank", "aria-label": "Source" }), {
                  htmlFor: "upload-source",
                  errorId: "upload-source-error",
                }),
              ],
              { className: "ind-row" },
            ),
          ]),
          card("2. Upload the CSV", [
            dcc.Upload({
              id: "upload",
              accept: ".csv,text/csv",
              max_size: defaultCsvLimits.maxBytes,
              className: "ind-upload",
              children: html.Div([html.Strong("Drop a CSV file here"), " or click to choose one"]),
            }),
            html.P(
              [
                "A header row with the columns ",
                html.Code("entity"),
                ", ",
                html.Code("year"),
                " and ",
                html.Code("value"),
                `, then one row per entity and year. At most ${defaultCsvLimits.maxRows.toLocaleString("en")} rows and ${defaultCsvLimits.maxBytes / 1024 / 1024} MB. For example:`,
              ],
              { className: "ind-hint" },
            ),
            html.Pre(sample, { className: "ind-sample" }),
            dcc.Loading(html.Div("", { id: "upload-result", className: "ind-notice", role: "status" })),
          ]),
          card(
            "Uploaded indicators",
            uploads.length === 0
              ? html.Div("None yet.", { className: "ind-empty" })
              : html.Ul(
                  uploads.map((indicator) =>
                    html.Li([
                      dcc.Link(indicator.name, { href: `/?indicator=${encodeURIComponent(indicator.code)}` }),
                      ` · ${indicator.entities} series, ${indicator.firstYear}–${indicator.lastYear}`,
                    ]),
                  ),
                ),
          ),
        ],
      );
    },
  });

  app.callback(
    [
      Output("upload-name-error", "children"),
      Output("upload-unit-error", "children"),
      Output("upload-source-error", "children"),
      Output("upload-result", "children"),
      Output("upload-result", "className"),
    ],
    [Input<string | null>("upload", "contents")],
    [
      State<string | null>("upload", "filename"),
      State<string | null>("upload-name", "value"),
      State<string | null>("upload-unit", "value"),
      State<string | null>("upload-source", "value"),
    ],
    async ([contents], [filename, name, unit, source], { db, session }) => {
      if (typeof contents !== "string") throw new PreventUpdate();
      const progress: Array<[number, number]> = [];
      const result = await importIndicatorCsv(db, {
        indicator: { name: name ?? "", unit: unit ?? "", source: source ?? "", owner: session.owner },
        csv: decodeUpload(contents),
        onProgress: (done, total) => progress.push([done, total]),
      });
      if (!result.ok) {
        const byField = (names: string[]) =>
          result.problems
            .filter((problem) => problem.row === null && problem.field !== undefined && names.includes(problem.field))
            .map(
              (problem) =>
                `${problem.field === "code" ? "Name" : problem.field![0]!.toUpperCase() + problem.field!.slice(1)}: ${problem.message}`,
            )
            .join("; ");
        const fileProblems = result.problems.filter((problem) => !(problem.row === null && problem.field !== undefined));
        return [
          byField(["name", "code"]),
          byField(["unit"]),
          byField(["source"]),
          fileProblems.length === 0 ? html.Span("Fix the fields above, then upload the file again.") : problemList(fileProblems),
          "ind-notice bad",
        ];
      }
      const batches = progress.filter(([done]) => done > 0);
      return [
        "",
        "",
        "",
        html.Div(
          [
            progressBar(result.rows, result.rows),
            html.Strong(`Imported ${result.rows.toLocaleString("en")} rows of ${result.entities} series from ${filename ?? "the file"}`),
            ` in one transaction (${batches.length} batch${batches.length === 1 ? "" : "es"}: ${batches.map(([done]) => done.toLocaleString("en")).join(", ")} rows). `,
            dcc.Link(`Chart "${result.name}" in Explore`, { href: `/?indicator=${encodeURIComponent(result.code)}`, id: "chart-upload" }),
          ],
          { id: "upload-imported" },
        ),
        "ind-notice good",
      ];
    },
    { preventInitialCall: true },
  );
}
