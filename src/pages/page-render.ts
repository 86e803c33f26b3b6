/**
 * @module
 * Rendering a URL to `{ status, title, path, layout }`: the matching page or the not-found page,
 * its layout function called with params, query, db, session and store. Also reads the layouts
 * that need no request (for startup validation).
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { LayoutValue } from "../layout/layout-walk.js";
import type { LayoutArgs, PageOptions, PageRegistry } from "./page-registry.js";

export interface RenderedPage {
  status: 200 | 404;
  title: string;
  /** The pathname rendered (no query). */
  path: string;
  layout: LayoutValue;
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

async function runLayout(options: PageOptions, args: LayoutArgs, where: string): Promise<LayoutValue> {
  try {
    return typeof options.layout === "function" ? await options.layout(args) : options.layout;
  } catch (error) {
    if (error instanceof DashbaseError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DashbaseError("DASHBASE_E_LAYOUT", `the layout of ${where} failed: ${message}`, { cause: error, details: { page: where } });
  }
}

function titleOf(options: PageOptions, args: LayoutArgs, fallback: string): string {
  if (typeof options.title === "function") return options.title({ params: args.params, query: args.query });
  return options.title ?? fallback;
}

/**
 * Renders the page for `url` (a path with an optional query).
 * @example
 * const page = await renderPage(pages, "/country/fr?year=2000", { db, session, store }, "Indicators");
 */
export async function renderPage(registry: PageRegistry, url: string, services: LayoutServices, appTitle: string): Promise<RenderedPage> {
  const { path, query } = splitUrl(url);
  const { page, params } = registry.match(path);
  const options = page?.options ?? registry.notFound;
  const args: LayoutArgs = { ...services, env: services.env ?? noAppEnv, params, query, path };
  const where = page === undefined ? "the not-found page" : `page "${page.path}"`;
  const layout = await runLayout(options, args, where);
  return { status: page === undefined ? 404 : 200, title: titleOf(options, args, appTitle), path, layout };
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
        layouts.push(await (layout as () => LayoutValue | Promise<LayoutValue>)());
      } catch {
        complete = false;
      }
    } else {
      complete = false;
    }
  }
  return { layouts, complete };
}
