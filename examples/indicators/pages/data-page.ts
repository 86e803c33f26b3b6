/**
 * @module
 * Data: upload a CSV (entity, year, value) as a new indicator. The file is checked row by row;
 * a file with any bad row is refused whole with every row number and reason, a good one is
 * written in one transaction and can be charted in Explore right away. Under "Your uploads" a
 * visitor deletes the indicators their browser uploaded (at most 10 at a time); the lists follow
 * an upload or a delete without a reload.
 */
import { DashbaseError, dcc, html, Input, noUpdate, Output, PreventUpdate, State, type DashbaseApp, type Queryable } from "dashbase";
import { readInteger, readText } from "../callback-values.js";
import { decodeUpload, describeProblem, importIndicatorCsv, type CsvProblem } from "../csv-import.js";
import { defaultCsvLimits } from "../csv-parse-indicator.js";
import { card, field, shellFor } from "../layout-shell.js";
import { listIndicators } from "../queries.js";
import { deleteUploadedIndicator, listOwnUploads, maxUploadsPerOwner, type OwnUpload } from "../uploaded-indicators.js";
import { isWellFormedText } from "../user-text.js";

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

/** Everyone's uploads, each a link to its chart. */
async function uploadedList(db: Queryable) {
  const uploads = (await listIndicators(db)).filter((indicator) => indicator.origin === "upload");
  return uploads.length === 0
    ? html.Div("None yet.", { className: "ind-empty" })
    : html.Ul(
        uploads.map((indicator) =>
          html.Li([
            dcc.Link(indicator.name, { href: `/?indicator=${encodeURIComponent(indicator.code)}` }),
            ` · ${indicator.entities} series, ${indicator.firstYear}–${indicator.lastYear}`,
          ]),
        ),
      );
}

function ownOptions(mine: OwnUpload[]) {
  return mine.map((upload) => ({ label: `${upload.name} · ${upload.entities} series, ${upload.observations} rows`, value: upload.code }));
}

/** The visitor's uploads and the controls that go with them, after a change. */
function ownUploadsOutputs(mine: OwnUpload[]) {
  return [ownOptions(mine), mine[0]?.code ?? null, mine.length === 0, mine.length > 0] as const;
}

/** The text of the file a browser sent (a data URL); a malformed one is a bad request, not a 500. */
function uploadedText(contents: string): string {
  try {
    return decodeUpload(contents);
  } catch (error) {
    if (!(error instanceof URIError)) throw error;
    throw new DashbaseError(
      "DASHBASE_E_BAD_REQUEST",
      "upload.contents: expected a data URL of the file, found malformed percent-encoding",
      {
        details: { field: "upload.contents", expected: "a data URL" },
      },
    );
  }
}

/** Registers the Data page and its upload callback on `app`. */
export function addDataPage(app: DashbaseApp): void {
  const shell = shellFor(app);
  app.page("/data", {
    name: "Data",
    order: 3,
    title: "Data · Indicators",
    layout: async ({ db, session }) => {
      const [everyone, mine] = await Promise.all([uploadedList(db), listOwnUploads(db, session.owner)]);
      return shell(
        { path: "/data", session },
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
            // The import runs as a background job: its progress and a Cancel button show while it runs.
            html.Div(
              [
                html.Progress({ id: "upload-progress", value: 0, max: 1, "aria-label": "Rows imported" }),
                html.Button("Cancel", { id: "upload-cancel", className: "ind-button", type: "button" }),
              ],
              { id: "upload-running", className: "ind-row", hidden: true },
            ),
            html.Div("", { id: "upload-result", className: "ind-notice", role: "status" }),
          ]),
          card("Your uploads", [
            // Both stay in the layout (one hidden), so an upload or a delete can swap them without a reload.
            html.Div("You have not uploaded an indicator yet.", {
              className: "ind-empty",
              id: "my-uploads-empty",
              hidden: mine.length > 0,
            }),
            html.Div(
              [
                field(
                  "Uploaded indicator",
                  dcc.Dropdown({
                    id: "my-uploads",
                    options: ownOptions(mine),
                    value: mine[0]?.code ?? null,
                    clearable: false,
                    "aria-label": "Your uploaded indicator",
                  }),
                ),
                html.Div(html.Button("Delete", { id: "delete-upload", className: "ind-button danger", type: "button" }), {
                  className: "ind-field",
                }),
              ],
              { className: "ind-row", id: "my-uploads-controls", hidden: mine.length === 0 },
            ),
            html.Div("", { id: "uploads-message", className: "ind-notice", role: "status" }),
            html.P(
              `Only the browser that uploaded an indicator can delete it, with all its rows. A browser keeps at most ${maxUploadsPerOwner} uploaded indicators at a time. Saved views of a deleted indicator stay in History.`,
              { className: "ind-hint" },
            ),
            // Set by the upload callback after an import: the lists here are rebuilt from it.
            dcc.Store({ id: "uploads-changed", data: null }),
          ]),
          card("Uploaded indicators", html.Div(everyone, { id: "uploaded-list" })),
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
      Output("uploads-changed", "data"),
    ],
    [Input<string | null>("upload", "contents")],
    [
      State<string | null>("upload", "filename"),
      State<string | null>("upload-name", "value"),
      State<string | null>("upload-unit", "value"),
      State<string | null>("upload-source", "value"),
    ],
    async ([contentsValue], [filenameValue, nameValue, unitValue, sourceValue], { db, session, progress, signal }) => {
      const contents = readText(contentsValue, "upload.contents");
      const filename = readText(filenameValue, "upload.filename");
      const name = readText(nameValue, "upload-name.value") ?? "";
      const unit = readText(unitValue, "upload-unit.value") ?? "";
      const source = readText(sourceValue, "upload-source.value") ?? "";
      if (contents === null) throw new PreventUpdate();
      const batches: Array<[number, number]> = [];
      const result = await importIndicatorCsv(db, {
        indicator: { name, unit, source, owner: session.owner },
        csv: uploadedText(contents),
        signal,
        onProgress: (done, total) => {
          batches.push([done, total]);
          void progress([done, total]);
        },
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
        const capReached = result.problems.find((problem) => problem.field === "uploads");
        if (capReached !== undefined)
          return ["", "", "", html.Strong(`Not imported: ${capReached.message}.`, { id: "upload-cap" }), "ind-notice bad", noUpdate];
        const fileProblems = result.problems.filter((problem) => !(problem.row === null && problem.field !== undefined));
        return [
          byField(["name", "code"]),
          byField(["unit"]),
          byField(["source"]),
          fileProblems.length === 0 ? html.Span("Fix the fields above, then upload the file again.") : problemList(fileProblems),
          "ind-notice bad",
          noUpdate,
        ];
      }
      const written = batches.filter(([done]) => done > 0);
      return [
        "",
        "",
        "",
        html.Div(
          [
            progressBar(result.rows, result.rows),
            html.Strong(
              `Imported ${result.rows.toLocaleString("en")} rows of ${result.entities} series from ${filename !== null && isWellFormedText(filename) ? filename : "the file"}`,
            ),
            ` in one transaction (${written.length} batch${written.length === 1 ? "" : "es"}: ${written.map(([done]) => done.toLocaleString("en")).join(", ")} rows). `,
            dcc.Link(`Chart "${result.name}" in Explore`, { href: `/?indicator=${encodeURIComponent(result.code)}`, id: "chart-upload" }),
          ],
          { id: "upload-imported" },
        ),
        "ind-notice good",
        // A new value every time, so the lists are rebuilt even when the same name is uploaded again.
        Date.now(),
      ];
    },
    {
      preventInitialCall: true,
      // A 50,000-row file takes seconds: the request answers at once and the import runs as a job.
      background: true,
      progress: [Output<number>("upload-progress", "value"), Output<number>("upload-progress", "max")],
      cancel: [Input("upload-cancel", "n_clicks")],
      running: [
        [Output("upload-running", "hidden"), false, true],
        [Output("upload", "disabled"), true, false],
        [Output("upload-result", "children"), "Importing...", ""],
      ],
    },
  );

  // The visitor's uploads: delete one (only its uploader may), or rebuild the lists after an upload.
  app.callback(
    [
      Output("my-uploads", "options"),
      Output<string | null>("my-uploads", "value"),
      Output<boolean>("my-uploads-controls", "hidden"),
      Output<boolean>("my-uploads-empty", "hidden"),
      Output("uploaded-list", "children"),
      Output<string>("uploads-message", "children"),
      Output<string>("uploads-message", "className"),
    ],
    [Input<number | undefined>("delete-upload", "n_clicks"), Input<number | null>("uploads-changed", "data")],
    [State<string | null>("my-uploads", "value")],
    async ([removedValue, changedValue], [codeValue], { db, session, ctx }) => {
      const removed = readInteger(removedValue, "delete-upload.n_clicks");
      readInteger(changedValue, "uploads-changed.data");
      const code = readText(codeValue, "my-uploads.value");
      if (ctx.triggeredId !== "delete-upload") {
        const mine = await listOwnUploads(db, session.owner);
        return [...ownUploadsOutputs(mine), await uploadedList(db), "", "ind-notice"];
      }
      if (!removed || code === null) throw new PreventUpdate();
      const result = await deleteUploadedIndicator(db, { code, owner: session.owner });
      if (result.outcome !== "deleted") {
        const message =
          result.outcome === "not-yours"
            ? "That indicator was not uploaded by this browser: only its uploader can delete it."
            : "That indicator no longer exists.";
        return [noUpdate, noUpdate, noUpdate, noUpdate, noUpdate, message, "ind-notice bad"];
      }
      const mine = await listOwnUploads(db, session.owner);
      return [
        ...ownUploadsOutputs(mine),
        await uploadedList(db),
        `Deleted "${result.name}" and its ${result.observations.toLocaleString("en")} rows.`,
        "ind-notice good",
      ];
    },
    { preventInitialCall: true },
  );
}
