/**
 * @module
 * The `html.<Tag>` elements the renderer draws: the ones dashbase has factories for, all of them
 * plain markup (text, sections, lists, tables, forms' grouping). An element that runs code, loads
 * a document or changes how the page resolves URLs (script, style, iframe, object, embed, base,
 * link, meta, ...) is never among them; any other tag is shown as a note instead of rendered.
 */

/** Lower-case tag names the renderer draws. Keep in step with `htmlTags` in `./html.ts` (a test checks). */
export const renderedHtmlTags: ReadonlySet<string> = new Set([
  // structure and sections
  "div",
  "span",
  "p",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "section",
  "header",
  "footer",
  "nav",
  "main",
  "article",
  "aside",
  "address",
  "figure",
  "figcaption",
  "details",
  "summary",
  "blockquote",
  "hr",
  "br",
  // text
  "a",
  "strong",
  "em",
  "small",
  "b",
  "i",
  "u",
  "s",
  "sub",
  "sup",
  "mark",
  "abbr",
  "time",
  "kbd",
  "var",
  "samp",
  "q",
  "cite",
  "code",
  "pre",
  // lists
  "ul",
  "ol",
  "li",
  "dl",
  "dt",
  "dd",
  // tables
  "table",
  "caption",
  "colgroup",
  "col",
  "thead",
  "tbody",
  "tfoot",
  "tr",
  "th",
  "td",
  // forms' static parts and gauges
  "form",
  "fieldset",
  "legend",
  "label",
  "button",
  "progress",
  "meter",
  // media
  "img",
]);

/**
 * Tags refused with the reason that they could run code or load another document, whatever
 * list they might be added to by mistake.
 */
export const refusedHtmlTags: ReadonlySet<string> = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "base",
  "link",
  "meta",
  "frame",
  "frameset",
  "applet",
  "noscript",
  "template",
  "portal",
  "svg",
  "math",
]);

/** Whether `html.<tag>` (lower-cased) is drawn. */
export function isRenderedHtmlTag(tag: string): boolean {
  return renderedHtmlTags.has(tag) && !refusedHtmlTags.has(tag);
}
