/**
 * @module
 * Rendering a URL to `{ status, title, path, layout }`: the matching page or the not-found page,
 * its layout function called with params, query, db, session and store. Also reads the layouts
 * that need no request (for startup validation).
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { LayoutValue } from "../layout/layout-walk.js";
import type { LayoutArgs, PageOptions, PageRegistry } from "./page-registry.js";
import { PageRedirect } from "./page-redirect.js";

export interface PageMeta {
  readonly description?: string;
  /** As the page declares it: made absolute from the request by the shell. */
  readonly image?: string;
}

export interface RenderedPage {
  status: 200 | 404;
  title: string;
  /** The pathname rendered (no query). */
  path: string;
  layout: LayoutValue;
  meta: PageMeta;
  /**
   * Set when the page is elsewhere: 301 for a `redirectFrom` path, 302 for a layout's
   * `redirect()`; `location` is a path of the app with the query. The layout is then empty.
   */
  redirect?: { readonly status: 301 | 302; readonly location: string };
}

export type LayoutServices = Omit<LayoutArgs, "params" | "query" | "path" | "env"> & { env?: LayoutArgs["env"] };

/** What layouts see as `env` when the app declares no `createApp({ env })` schema. */
const noAppEnv = Object.freeze({});

/** Splits `/a/b?x=1` into a pathname and its query (last value wins). */
export function splitUrl(url: string): { path: string; query: Record<string, string> } {
  const parsed = new URL(url.startsWith("/") ? url : `/${url}`, "http://dashbase.invalid");
  const query: Record<string, string> = {};
  for (const [key, value] of parsed.searchParams) query[key] = value;
  let path = parsed.pathname;
  try {
    path = decodeURI(path);
  } catch {
    // keep the encoded form when it is not valid UTF-8
  }
  return { path, query };
}

async function runLayout(options: PageOptions, args: LayoutArgs, where: string): Promise<LayoutValue | PageRedirect> {
  try {
    return typeof options.layout === "function" ? await options.layout(args) : options.layout;
  } catch (error) {
    if (error instanceof DashbaseError || PageRedirect.is(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DashbaseError("DASHBASE_E_LAYOUT", `the layout of ${where} failed: ${message}`, { cause: error, details: { page: where } });
  }
}

function textOf(text: PageOptions["title"], args: LayoutArgs): string | undefined {
  return typeof text === "function" ? text({ params: args.params, query: args.query }) : text;
}

function queryString(url: string): string {
  const index = url.indexOf("?");
  return index < 0 ? "" : url.slice(index);
}

const emptyLayout: LayoutValue = null;

/**
 * Renders the page for `url` (a path with an optional query).
 * @example
 * const page = await renderPage(pages, "/country/fr?year=2000", { db, session, store }, "Indicators");
 */
export async function renderPage(registry: PageRegistry, url: string, services: LayoutServices, appTitle: string): Promise<RenderedPage> {
  const { path, query } = splitUrl(url);
  const moved = registry.redirectFor(path);
  if (moved !== undefined) {
    const location = `${moved}${queryString(url)}`;
    return { status: 200, title: appTitle, path, layout: emptyLayout, meta: {}, redirect: { status: 301, location } };
  }
  const { page, params } = registry.match(path);
  const options = page?.options ?? registry.notFound;
  const args: LayoutArgs = { ...services, env: services.env ?? noAppEnv, params, query, path };
  const where = page === undefined ? "the not-found page" : `page "${page.path}"`;
  let layout: LayoutValue | PageRedirect;
  try {
    layout = await runLayout(options, args, where);
  } catch (error) {
    if (!PageRedirect.is(error)) throw error;
    layout = error;
  }
  if (PageRedirect.is(layout)) {
    return { status: 200, title: appTitle, path, layout: emptyLayout, meta: {}, redirect: { status: 302, location: layout.location } };
  }
  const description = textOf(options.description, args);
  const meta: PageMeta = {
    ...(description === undefined ? {} : { description }),
    ...(options.image === undefined ? {} : { image: options.image }),
  };
  return { status: page === undefined ? 404 : 200, title: textOf(options.title, args) ?? appTitle, path, layout, meta };
}

/** The layouts readable without a request (plain values, or functions that take no arguments). */
export async function staticLayouts(registry: PageRegistry): Promise<{ layouts: LayoutValue[]; complete: boolean }> {
  const layouts: LayoutValue[] = [];
  let complete = true;
  for (const options of [...registry.all().map((page) => page.options), registry.notFound]) {
    const layout = options.layout;
    if (typeof layout !== "function") {
      layouts.push(layout);
    } else if (layout.length === 0) {
      try {
        const value = await (layout as () => LayoutValue | PageRedirect | Promise<LayoutValue | PageRedirect>)();
        if (PageRedirect.is(value)) complete = false;
        else layouts.push(value);
      } catch {
        complete = false;
      }
    } else {
      complete = false;
    }
  }
  return { layouts, complete };
}
