/**
 * @module
 * Word counts as a background job: paste a text or give the address of one, and a background
 * callback (a durable job on the app's database) fetches and counts it, reporting progress,
 * stoppable with Cancel, then stores both counts as JSON in the `results` table of the results
 * example, whose models and revisions it shares.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp, DataTable, dcc, html, Input, noUpdate, Output, PreventUpdate, State } from "dashbase";
import { fieldMessages } from "dashbase/db";
import * as models from "../results/models.js";
import { addCountedResult, topWords } from "./counting.js";
import { readSource } from "./text-source.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const app = createApp({ title: "Word counts (jobs)", models, migrationsDir: path.join(here, "../results/migrations") });

const resultsTable = app.table("results", {
  from: models.results,
  columns: [
    { id: "id", name: "#" },
    { id: "url", name: "Address" },
    { id: "createdAt", name: "Counted at" },
  ],
  pageSize: 10,
  defaultSort: [{ column: "id", direction: "desc" }],
});

app.page("/", {
  title: "Word counts",
  layout: html.Main([
    html.H1("Word counts"),
    html.P(
      "Give the address of a text, or paste one (its address is then only recorded). Counting runs as a job: reload or leave the page, and the result is still saved.",
    ),
    dcc.Input({ id: "url", type: "url", placeholder: "http://127.0.0.1:8000/text.txt", "aria-label": "Address of the text" }),
    html.Div({ id: "url-error", className: "error" }),
    dcc.Textarea({ id: "text", placeholder: "Or paste the text here", "aria-label": "Text" }),
    html.Div({ id: "text-error", className: "error" }),
    html.Div([
      html.Button("Count words", { id: "count", type: "button" }),
      html.Button("Cancel", { id: "cancel", type: "button", disabled: true }),
    ]),
    html.Progress({ id: "progress", value: 0, max: 1 }),
    html.P({ id: "status", role: "status" }),
    html.H2("Results"),
    DataTable({ id: "results", table: resultsTable }),
  ]),
});

app.callback(
  [
    Output("url-error", "children"),
    Output("text-error", "children"),
    Output("status", "children"),
    Output<number>("results", "data_version"),
  ],
  [Input<number | undefined>("count", "n_clicks")],
  [State<unknown>("url", "value"), State<unknown>("text", "value")],
  async ([clicks], [url, text], { db, progress, signal }) => {
    if (!clicks) throw new PreventUpdate();
    try {
      const source = await readSource({ url, text, signal });
      const row = await addCountedResult(db, source, { signal, progress: (done, total) => progress([done, total]) });
      const found = Object.keys(row.resultAll).length;
      const summary = `Result #${row.id}: ${found} different word${found === 1 ? "" : "s"}; most frequent without stop words: ${topWords(row.resultNoStopWords) || "(only stop words)"}.`;
      return ["", "", summary, row.id];
    } catch (error) {
      const problems = fieldMessages(error);
      if (problems === undefined) throw error;
      return [problems["url"] ?? "", problems["text"] ?? "", "Nothing was saved.", noUpdate];
    }
  },
  {
    preventInitialCall: true,
    background: true,
    progress: [Output<number>("progress", "value"), Output<number>("progress", "max")],
    cancel: [Input("cancel", "n_clicks")],
    running: [
      [Output("count", "disabled"), true, false],
      [Output("cancel", "disabled"), false, true],
      [Output("status", "children"), "Counting...", ""],
    ],
  },
);

export default app;
