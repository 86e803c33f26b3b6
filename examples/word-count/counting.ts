/**
 * @module
 * Counting a text in steps, so a long one reports progress and can be cancelled between steps,
 * then storing both counts (all words, and without stop words) as one validated row.
 */
import { insertRow, type Queryable } from "dashbase";
import { validationError } from "dashbase/db";
import { results, type WordCounts } from "../results/models.js";
import { countWords, withoutStopWords } from "../results/word-counts.js";
import type { TextSource } from "./text-source.js";

export { topWords } from "../results/word-counts.js";

/** Characters counted per step (cut at the next space, so no word is split). */
const stepChars = 64 * 1024;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Counts `text` a step at a time: `progress(done, total)` in characters after each step, and
 * the signal is checked between steps.
 * @example
 * const counts = await countInSteps(text, { signal, progress: (done, total) => console.log(done, total) });
 */
export async function countInSteps(
  text: string,
  options: { signal: AbortSignal; progress: (done: number, total: number) => unknown },
): Promise<WordCounts> {
  const total = Math.max(text.length, 1);
  const merged = new Map<string, number>();
  let done = 0;
  await options.progress(0, total);
  while (done < text.length) {
    options.signal.throwIfAborted();
    const space = text.indexOf(" ", done + stepChars);
    const end = space === -1 ? text.length : space;
    for (const [word, count] of Object.entries(countWords(text.slice(done, end)))) merged.set(word, (merged.get(word) ?? 0) + count);
    done = end;
    await options.progress(done, total);
    await nextTurn();
  }
  return Object.fromEntries([...merged].sort(([a, m], [b, n]) => n - m || a.localeCompare(b)));
}

/**
 * Counts the source's words and stores both counts in `results`.
 * @throws DashbaseError DASHBASE_E_VALIDATION on `text` when it has no words.
 */
export async function addCountedResult(
  db: Queryable,
  source: TextSource,
  options: { signal: AbortSignal; progress: (done: number, total: number) => unknown },
) {
  const resultAll = await countInSteps(source.text, options);
  if (Object.keys(resultAll).length === 0) throw validationError("result", [{ field: "text", message: "expected some words, found none" }]);
  options.signal.throwIfAborted();
  return insertRow(db, results, { url: source.url, resultAll, resultNoStopWords: withoutStopWords(resultAll) });
}
