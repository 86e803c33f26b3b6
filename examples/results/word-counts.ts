/**
 * @module
 * Counting words in a text: every word (letters, with inner apostrophes and hyphens, in lower
 * case), and the same counts without common English stop words. Pure functions, no I/O.
 */
import type { WordCounts } from "./models.js";

/** A short list of English words too common to tell texts apart. */
export const stopWords: ReadonlySet<string> = new Set(
  (
    "a about after all also an and any are as at be because been but by can could did do does for from had has have he her " +
    "him his how i if in into is it its just me more my no not of on one or our out she so some than that the their them " +
    "then there these they this to up us was we were what when which who will with would you your"
  ).split(" "),
);

/**
 * The words of `text` and how many times each appears, most frequent first (then alphabetical;
 * a `jsonb` column will not keep that order).
 * @example
 * countWords("The cat saw the dog"); // { the: 2, cat: 1, dog: 1, saw: 1 }
 */
export function countWords(text: string): WordCounts {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/\p{L}+(?:['’-]\p{L}+)*/gu)) {
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  const sorted = [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  return Object.fromEntries(sorted);
}

/** `counts` without the stop words, in the same order. */
export function withoutStopWords(counts: WordCounts): WordCounts {
  return Object.fromEntries(Object.entries(counts).filter(([word]) => !stopWords.has(word)));
}

/**
 * The `n` most frequent words as "word (count)", for a one-line summary. It sorts again: a
 * `jsonb` column keeps the keys in its own order (shorter first), not in the order written.
 */
export function topWords(counts: WordCounts, n = 3): string {
  return Object.entries(counts)
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .slice(0, n)
    .map(([word, count]) => `${word} (${count})`)
    .join(", ");
}
