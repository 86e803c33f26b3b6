/**
 * @module
 * The HTML shell of a page: title, stylesheets, the import map (one Preact for the renderer and
 * component packages), the renderer's module script, the app's assets, and the boot JSON (layout, dependencies, CSRF token, config) so the first paint needs no
 * second request. The boot JSON is escaped so no value can close its script element.
 */
import type { AssetLinks } from "./app-assets.js";
import type { ImportMap } from "./import-map.js";
import { pageMetaTags, type PageMetaValues } from "../protocol/page-meta-tags.js";

export interface ShellInput {
  title: string;
  /** `description` and an absolute `image` URL for the description and Open Graph tags. */
  meta?: PageMetaValues;
  boot: unknown;
  mainJs: string;
  mainCss: string | undefined;
  /** Must come before any module script; absent only for a renderer built without vendor modules. */
  importMap?: ImportMap | undefined;
  assets: AssetLinks;
  lang?: string;
}

const htmlEscapes: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for an HTML text node or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
}

/**
 * JSON safe inside `<script type="application/json">`: `<`, `>`, `&` and the JS line separators
 * become `\u` escapes, so `</script>` or `<!--` in a value stays data.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * An `og:image` URL: an absolute http(s) URL as it is, a path of the app under the request's
 * origin and mount point; anything else (another scheme) is dropped.
 * @example
 * absoluteUrl("/assets/card.png", "https://example.org", "/dash"); // "https://example.org/dash/assets/card.png"
 */
export function absoluteUrl(image: string, origin: string, basePath: string): string | undefined {
  if (/^https?:\/\//i.test(image)) return image;
  if (image.startsWith("/") && !image.startsWith("//")) return `${origin}${basePath}${image}`;
  return undefined;
}

/**
 * A page's meta as the shell and the layout endpoint send it: the image made absolute (or
 * dropped when it is neither a path of the app nor an http(s) URL).
 * @example
 * pageMetaOf({ image: "/assets/card.png" }, "https://example.org", ""); // { image: "https://example.org/assets/card.png" }
 */
export function pageMetaOf(meta: PageMetaValues, origin: string, basePath: string): PageMetaValues {
  const image = meta.image === undefined ? undefined : absoluteUrl(meta.image, origin, basePath);
  return { ...(meta.description === undefined ? {} : { description: meta.description }), ...(image === undefined ? {} : { image }) };
}

function metaTags(title: string, meta: ShellInput["meta"]): string[] {
  return pageMetaTags(title, meta)
    .filter((tag) => tag.value !== undefined)
    .map((tag) => `<meta ${tag.attribute}="${tag.key}" content="${escapeHtml(tag.value!)}">`);
}

/**
 * Renders the page shell.
 * @example
 * renderShell({ title: "Explore", boot, mainJs: "/_dashbase/static/main-1a2b.js", mainCss: undefined, assets: { stylesheets: [], scripts: [] } });
 */
export function renderShell(input: ShellInput): string {
  const css = [input.mainCss, ...input.assets.stylesheets].filter((href): href is string => href !== undefined);
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(input.lang ?? "en")}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    ...metaTags(input.title, input.meta),
    ...css.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...(input.importMap === undefined ? [] : [`<script type="importmap">${input.importMap.json}</script>`]),
    ...(input.importMap?.preload ?? []).map((href) => `<link rel="modulepreload" href="${escapeHtml(href)}">`),
    `<script type="module" src="${escapeHtml(input.mainJs)}"></script>`,
    ...input.assets.scripts.map((src) => `<script defer src="${escapeHtml(src)}"></script>`),
    "</head>",
    "<body>",
    '<div id="dashbase-root"></div>',
    `<script id="dashbase-boot" type="application/json">${jsonForScript(input.boot)}</script>`,
    "<noscript>This app needs JavaScript.</noscript>",
    "</body>",
    "</html>",
  ].join("\n");
}
