/**
 * @module
 * Storing and reading results: one validated insert of a text's word counts (as JSON, under the
 * address the text came from), and the latest results, newest first.
 */
import { desc } from "drizzle-orm";
import { type DashbaseError, insertRow, type Queryable } from "dashbase";
import { validationError } from "dashbase/db";
import { results } from "./models.js";
import { countWords, withoutStopWords } from "./word-counts.js";

function problem(field: string, message: string): DashbaseError {
  return validationError("result", [{ field, message }]);
}

/**
 * Counts the words of `text` and stores both counts for `url`.
 * @throws DashbaseError DASHBASE_E_VALIDATION naming the field (an address that is not http(s), a text without words).
 * @example
 * await addResult(db, { url: "https://example.org/cats", text: "The cat saw the other cat." });
 */
export async function addResult(db: Queryable, input: { url: unknown; text: unknown }) {
  const url = typeof input.url === "string" ? input.url.trim() : "";
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw problem("url", `expected an http(s) address, found ${JSON.stringify(url)}`);
  }
  const resultAll = countWords(typeof input.text === "string" ? input.text : "");
  if (Object.keys(resultAll).length === 0) throw problem("text", "expected some words, found none");
  return insertRow(db, results, { url, resultAll, resultNoStopWords: withoutStopWords(resultAll) });
}

/** The `limit` latest results, newest first. */
export function latestResults(db: Queryable, limit = 20) {
  return db.select().from(results).orderBy(desc(results.createdAt), desc(results.id)).limit(limit);
}
