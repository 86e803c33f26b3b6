/**
 * @module
 * Markdown text to markdown-it tokens (CommonMark plus pipe tables and `~~strikethrough~~`), within
 * limits. markdown-it parses in linear time without deep recursion; raw HTML is off, so `<script>`
 * stays text. Text longer than {@link MARKDOWN_MAX_LENGTH} characters, or whose elements would nest
 * deeper than {@link MARKDOWN_MAX_DEPTH}, is not parsed for display: the view shows it as plain
 * text, so hostile text from a callback can neither freeze the page nor overflow the stack.
 */
import MarkdownIt, { type Token } from "markdown-it";

/** The longest text, in UTF-16 code units, shown as Markdown. */
export const MARKDOWN_MAX_LENGTH = 100_000;

/** The deepest nesting of elements (quotes, lists, emphasis, links...) shown as Markdown. */
export const MARKDOWN_MAX_DEPTH = 50;

/** What reading a text gave: tokens to draw, or why the text is shown as plain text. */
export type MarkdownReading =
  { readonly kind: "tokens"; readonly tokens: readonly Token[] } | { readonly kind: "too-long" } | { readonly kind: "too-deep" };

const parser = new MarkdownIt("default", {
  html: false,
  linkify: false,
  typographer: false,
  // markdown-it stops nesting blocks at this depth and silently drops the rest; one more than our
  // own limit, so that a text it cut short is always one we refuse as too deep
  maxNesting: MARKDOWN_MAX_DEPTH + 1,
});

/**
 * How deeply the tokens' elements nest (block tokens, then each inline token's children below
 * it), counted in one pass without recursion. An image's children are its alt text, not elements.
 */
export function nestingDepth(tokens: readonly Token[]): number {
  let depth = 0;
  let deepest = 0;
  for (const token of tokens) {
    depth += token.nesting;
    deepest = Math.max(deepest, depth);
    if (token.type !== "inline" || token.children === null) continue;
    let inner = depth;
    for (const child of token.children) {
      inner += child.nesting;
      deepest = Math.max(deepest, inner);
    }
  }
  return deepest;
}

/**
 * Reads Markdown into markdown-it tokens, or says why it is shown as plain text instead.
 *
 * @example
 * readMarkdown("# Hi\n\nSome *text*."); // { kind: "tokens", tokens: [heading_open, inline, ...] }
 * readMarkdown("> ".repeat(500) + "deep"); // { kind: "too-deep" }
 */
export function readMarkdown(text: string): MarkdownReading {
  if (text.length > MARKDOWN_MAX_LENGTH) return { kind: "too-long" };
  const tokens = parser.parse(text, {});
  if (nestingDepth(tokens) > MARKDOWN_MAX_DEPTH) return { kind: "too-deep" };
  return { kind: "tokens", tokens };
}
