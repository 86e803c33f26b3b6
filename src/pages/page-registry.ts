/**
 * @module
 * The pages of one app: path templates, titles and layouts (a node, or a function of the request
 * that may be async and read the database), plus the not-found page.
 */
import type { AppEnv } from "../config/settings.js";
import type { Database } from "../db/database.js";
import type { RequestSession } from "../callbacks/callback-context.js";
import type { LayoutValue } from "../layout/layout-walk.js";
import type { OwnerStore } from "../store/store.js";
import { compilePathTemplate, type PathParams, type PathTemplate } from "./path-template.js";

/** What a layout function receives. */
export interface LayoutArgs<Params = Record<string, string>> {
  /** Path params: `/country/:code` gives `{ code }`. */
  readonly params: Params;
  /** Query parameters (the last value of a repeated one). */
  readonly query: Readonly<Record<string, string>>;
  /** The path being rendered, without the query. */
  readonly path: string;
  readonly db: Database;
  readonly session: RequestSession;
  /** The per-user store, bound to the session's owner. */
  readonly store: OwnerStore;
  /** The app's own environment variables, as its `createApp({ env })` schema parsed them (empty without one). */
  readonly env: AppEnv;
}

export type PageLayout<Params = Record<string, string>> = LayoutValue | ((args: LayoutArgs<Params>) => LayoutValue | Promise<LayoutValue>);

export interface PageOptions<Params = Record<string, string>> {
  /** The document title; a function may use the params (`({ params }) => params.code.toUpperCase()`). */
  title?: string | ((args: { params: Params; query: Readonly<Record<string, string>> }) => string);
  layout: PageLayout<Params>;
}

export interface PageDefinition {
  readonly path: string;
  readonly template: PathTemplate;
  readonly options: PageOptions<Record<string, string>>;
}

export interface PageMatch {
  readonly page: PageDefinition | undefined;
  readonly params: Record<string, string>;
}

/**
 * The page registry of one app.
 * @example
 * const pages = new PageRegistry();
 * pages.add("/country/:code", { title: "Country", layout: ({ params }) => html.H1(params.code) });
 */
export class PageRegistry {
  private readonly pages: PageDefinition[] = [];
  private notFoundPage: PageOptions | undefined;

  add<Path extends string>(path: Path, options: PageOptions<PathParams<Path>>): PageDefinition {
    if (typeof options !== "object" || options === null || !("layout" in options)) {
      throw new TypeError(`app.page("${path}", options): expected { title?, layout }, found ${options === null ? "null" : typeof options}`);
    }
    const template = compilePathTemplate(path);
    if (this.pages.some((page) => page.path === path))
      throw new TypeError(`app.page("${path}"): this path is already registered; expected each page path once`);
    const definition: PageDefinition = Object.freeze({ path, template, options: options as PageOptions<Record<string, string>> });
    this.pages.push(definition);
    // Static paths first, then fewer params, then registration order (sort is stable).
    this.pages.sort((a, b) => a.template.rank - b.template.rank);
    return definition;
  }

  setNotFound(options: PageOptions): void {
    this.notFoundPage = options;
  }

  get notFound(): PageOptions {
    return this.notFoundPage ?? { title: "Not found", layout: defaultNotFound };
  }

  all(): readonly PageDefinition[] {
    return this.pages;
  }

  match(pathname: string): PageMatch {
    for (const page of this.pages) {
      const params = page.template.match(pathname);
      if (params !== undefined) return { page, params };
    }
    return { page: undefined, params: {} };
  }
}

const defaultNotFound: LayoutValue = Object.freeze({
  type: "html.Main",
  props: Object.freeze({
    className: "dashbase-not-found",
    children: Object.freeze([
      Object.freeze({ type: "html.H1", props: Object.freeze({ children: "Page not found" }) }),
      Object.freeze({ type: "dcc.Link", props: Object.freeze({ href: "/", children: "Back to the start page" }) }),
    ]),
  }),
});
