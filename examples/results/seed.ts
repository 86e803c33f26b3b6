/**
 * @module
 * One result to start with, counted from a short text; safe to run twice (it adds nothing when
 * any result exists).
 */
import type { Database } from "dashbase";
import { results } from "./models.js";
import { countWords, withoutStopWords } from "./word-counts.js";

const sample = "The quick brown fox jumps over the lazy dog, and the dog sleeps on.";

export async function seed(db: Database): Promise<void> {
  const [existing] = await db.select({ id: results.id }).from(results).limit(1);
  if (existing !== undefined) return;
  const resultAll = countWords(sample);
  await db.insert(results).values({ url: "https://example.org/fox", resultAll, resultNoStopWords: withoutStopWords(resultAll) });
}
