/**
 * @module
 * Results: paste a text with the address it came from, and its word counts (every word, and
 * without stop words) are computed in the callback and stored as JSON in the `results` table;
 * the page lists the latest results with their most frequent words.
 */
import { createApp, dcc, html, Input, Output, PreventUpdate, State, type Queryable } from "dashbase";
import { fieldMessages } from "dashbase/db";
import * as models from "./models.js";
import { addResult, latestResults } from "./results.js";
import { seed } from "./seed.js";
import { topWords } from "./word-counts.js";

const app = createApp({ title: "Word counts", models, seed });

/** The latest results as list items, each with its address and top words. */
async function resultList(db: Queryable) {
  return (await latestResults(db)).map((row) =>
    html.Li(`#${row.id} ${row.url}: ${topWords(row.resultNoStopWords) || "(only stop words)"}`, { className: "result" }),
  );
}

app.page("/", {
  title: "Word counts",
  layout: async ({ db }) =>
    html.Main([
      html.H1("Word counts"),
      html.Form(
        [
          dcc.Input({ id: "url", type: "url", placeholder: "https://example.org/page", "aria-label": "Address of the text" }),
          html.Div({ id: "url-error", className: "error" }),
          dcc.Textarea({ id: "text", placeholder: "The text to count", "aria-label": "Text" }),
          html.Div({ id: "text-error", className: "error" }),
          html.Button("Count words", { id: "count", type: "button" }),
          html.P({ id: "status", role: "status" }),
        ],
        { noValidate: true },
      ),
      html.H2("Latest results"),
      html.Ul(await resultList(db), { id: "results" }),
    ]),
});

app.callback(
  [Output("url-error", "children"), Output("text-error", "children"), Output("status", "children"), Output("results", "children")],
  [Input<number | undefined>("count", "n_clicks")],
  [State<unknown>("url", "value"), State<unknown>("text", "value")],
  async ([clicks], [url, text], { db }) => {
    if (!clicks) throw new PreventUpdate();
    try {
      const row = await addResult(db, { url, text });
      const words = Object.keys(row.resultAll).length;
      return ["", "", `Result #${row.id}: ${words} different word${words === 1 ? "" : "s"}.`, await resultList(db)];
    } catch (error) {
      const problems = fieldMessages(error);
      if (problems === undefined) throw error;
      return [problems["url"] ?? "", problems["text"] ?? "", "Nothing was saved.", await resultList(db)];
    }
  },
);

export default app;
