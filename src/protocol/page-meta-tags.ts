/**
 * @module
 * Which `<meta>` tags a page's meta makes, once for both places that write them: the server's
 * page shell and the renderer after a client-side navigation (which must replace the previous
 * page's tags, not add to them). Dependency-free.
 */

/** A page's meta as the wire carries it: `image` is already an absolute URL. */
export interface PageMetaValues {
  readonly description?: string | undefined;
  readonly image?: string | undefined;
}

/** One tag: `<meta name|property="key" content="value">`; `value` undefined means the tag must be absent. */
export interface MetaTag {
  readonly attribute: "name" | "property";
  readonly key: string;
  readonly value: string | undefined;
}

/**
 * Every meta tag dashbase manages, with its value for this page or undefined when the page has
 * none: `og:title` only accompanies a description or an image (a page with neither shares as a
 * plain link).
 * @example
 * pageMetaTags("Explore", { description: "Indicators by country" }).filter((tag) => tag.value !== undefined);
 */
export function pageMetaTags(title: string, meta: PageMetaValues | undefined): MetaTag[] {
  const shared = meta?.description !== undefined || meta?.image !== undefined;
  return [
    { attribute: "name", key: "description", value: meta?.description },
    { attribute: "property", key: "og:title", value: shared ? title : undefined },
    { attribute: "property", key: "og:description", value: meta?.description },
    { attribute: "property", key: "og:image", value: meta?.image },
  ];
}
