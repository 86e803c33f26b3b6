/**
 * @module
 * After a client-side navigation, the document's title and meta tags become the new page's: each
 * managed tag is updated in place, added when missing, removed when the page has none, and never
 * left twice (src/protocol/page-meta-tags.ts says which tags there are).
 */
import { pageMetaTags, type PageMetaValues } from "../protocol/page-meta-tags.js";

/**
 * Writes `title` and `meta` into the document's head.
 * @example
 * applyPageMeta(document, "Country", { description: "One country's indicators" });
 */
export function applyPageMeta(doc: Document, title: string, meta: PageMetaValues | undefined): void {
  doc.title = title;
  for (const tag of pageMetaTags(title, meta)) {
    const [first, ...extra] = doc.head.querySelectorAll(`meta[${tag.attribute}="${tag.key}"]`);
    for (const element of extra) element.remove();
    if (tag.value === undefined) {
      first?.remove();
      continue;
    }
    const element = first ?? doc.head.appendChild(doc.createElement("meta"));
    element.setAttribute(tag.attribute, tag.key);
    element.setAttribute("content", tag.value);
  }
}
