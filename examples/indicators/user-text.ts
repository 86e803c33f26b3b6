/**
 * @module
 * Text a user typed (a name, a unit, a source, a series name), measured and checked as a person
 * reads it: lengths count user-perceived characters (graphemes: an emoji, a flag or a letter with
 * its accents counts once, however many UTF-16 units it takes), and text that is not well-formed
 * Unicode (a lone surrogate, which only a crafted request can send) is refused, because the
 * database driver would otherwise store it silently as U+FFFD.
 */

// Made on first use: building a segmenter loads ICU's break rules, about 15 ms of the app's start.
let segmenter: Intl.Segmenter | undefined;
const graphemes = (): Intl.Segmenter => (segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" }));

/** The field message for text that is not well-formed Unicode. */
export const invalidUnicodeMessage = "contains invalid Unicode (a lone surrogate)";

/**
 * How many characters a reader sees in `text`.
 * @example
 * graphemeLength("café"); // 4
 * graphemeLength("👩‍👩‍👧"); // 1 (8 UTF-16 units)
 */
export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of graphemes().segment(text)) count += 1;
  return count;
}

/**
 * The first `count` characters of `text`, never cutting a character in two.
 * @example
 * graphemeSlice("😀😀😀", 2); // "😀😀"
 */
export function graphemeSlice(text: string, count: number): string {
  let end = 0;
  let taken = 0;
  for (const { segment } of graphemes().segment(text)) {
    if (taken === count) break;
    end += segment.length;
    taken += 1;
  }
  return text.slice(0, end);
}

/**
 * Whether `text` has at most `max` characters; cheap for short text (a character is at least one
 * UTF-16 unit, so text of at most `max` units always fits).
 */
export function fitsLength(text: string, max: number): boolean {
  return text.length <= max || graphemeLength(text) <= max;
}

/**
 * Whether `text` is well-formed Unicode (`String.prototype.isWellFormed`, which Node 20 has; the
 * project's TypeScript library, ES2023, does not declare it yet).
 * @example
 * isWellFormedText("Ada"); // true
 * isWellFormedText("Ada\ud800"); // false
 */
export function isWellFormedText(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/**
 * Where the first lone surrogate of `text` is (a UTF-16 index), or -1 when it is well-formed.
 * @example
 * firstLoneSurrogate("ab\udc00"); // 2
 */
export function firstLoneSurrogate(text: string): number {
  // In a `u` regular expression a paired surrogate is one code point, so only lone ones match.
  return /\p{Surrogate}/u.exec(text)?.index ?? -1;
}
