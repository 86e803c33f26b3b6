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
import type { PageRedirect } from "./page-redirect.js";
import type { AccessRule } from "../auth/access-rule.js";
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

export type PageLayout<Params = Record<string, string>> =
  LayoutValue | ((args: LayoutArgs<Params>) => LayoutValue | PageRedirect | Promise<LayoutValue | PageRedirect>);

type PageText<Params> = string | ((args: { params: Params; query: Readonly<Record<string, string>> }) => string);

export interface PageOptions<Params = Record<string, string>> {
  /** The document title; a function may use the params (`({ params }) => params.code.toUpperCase()`). */
  title?: PageText<Params>;
  /** `<meta name="description">` and `og:description` of a full page load. */
  description?: PageText<Params>;
  /** The Open Graph image (`og:image`): an absolute http(s) URL, or a path of the app made absolute from the request. */
  image?: string;
  /** The page's name in navigation (`pageList()`, `PageNav`); default its title, else its path. */
  name?: string;
  /** Its place in navigation, lowest first (default 0; ties keep registration order). */
  order?: number;
  /** False leaves the page out of navigation. Pages with params are never listed. */
  nav?: boolean;
  /**
   * Old paths that answer a permanent redirect (301) to this page, query kept. A param of the old
   * path fills the param of the same name: `app.page("/country/:code", { redirectFrom: ["/c/:code"] })`.
   */
  redirectFrom?: readonly string[];
  /**
   * Who may open the page: `"user"` (any signed-in user) or `{ role: "editor" }`. Anonymous
   * visitors are sent to sign in and back; signed-in users without the role get a 403 page. The
   * callbacks and tables its layout shows inherit the rule (docs/access.md).
   */
  access?: AccessRule;
  layout: PageLayout<Params>;
}

export interface PageDefinition {
  readonly path: string;
  readonly template: PathTemplate;
  readonly options: PageOptions<Record<string, string>>;
}

/** One page as navigation lists it. */
export interface PageEntry {
  readonly path: string;
  readonly name: string;
  readonly order: number;
}

interface PageRedirectRule {
  readonly from: PathTemplate;
  readonly to: PathTemplate;
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
  private readonly redirects: PageRedirectRule[] = [];
  /** Registration order (`pages` is kept in matching order). */
  private readonly order: PageDefinition[] = [];
  private notFoundPage: PageOptions | undefined;

  add<Path extends string>(path: Path, options: PageOptions<PathParams<Path>>): PageDefinition {
    if (typeof options !== "object" || options === null || !("layout" in options)) {
      throw new TypeError(
        `app.page("${path}", options): expected { title?, description?, image?, name?, order?, nav?, redirectFrom?, access?, layout }, found ${options === null ? "null" : typeof options}`,
      );
    }
    const template = compilePathTemplate(path);
    if (this.pages.some((page) => page.path === path))
      throw new TypeError(`app.page("${path}"): this path is already registered; expected each page path once`);
    if (this.redirects.some((rule) => rule.from.template === path))
      throw new TypeError(`app.page("${path}"): another page redirects from this path; expected a path used once`);
    const rules = (options.redirectFrom ?? []).map((from): PageRedirectRule => {
      const source = compilePathTemplate(from);
      const missing = template.params.filter((name) => !source.params.includes(name));
      if (missing.length > 0)
        throw new TypeError(
          `app.page("${path}", { redirectFrom: ["${from}"] }): the old path lacks the param(s) ${missing.join(", ")} this page needs`,
        );
      if (from === path || this.pages.some((page) => page.path === from) || this.redirects.some((rule) => rule.from.template === from))
        throw new TypeError(
          `app.page("${path}", { redirectFrom: ["${from}"] }): "${from}" is already a page or a redirect; expected each path once`,
        );
      return Object.freeze({ from: source, to: template });
    });
    this.redirects.push(...rules);
    const definition: PageDefinition = Object.freeze({ path, template, options: options as PageOptions<Record<string, string>> });
    this.pages.push(definition);
    this.order.push(definition);
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

  /**
   * The pages navigation lists, in order: those without params and without `nav: false`.
   * @example
   * pages.list(); // [{ path: "/", name: "Home", order: 0 }, ...]
   */
  list(): PageEntry[] {
    const byRegistration = [...this.pages].sort((a, b) => this.order.indexOf(a) - this.order.indexOf(b));
    return byRegistration
      .filter((page) => page.options.nav !== false && page.template.params.length === 0)
      .map((page) => ({
        path: page.path,
        name: page.options.name ?? (typeof page.options.title === "string" ? page.options.title : page.path),
        order: page.options.order ?? 0,
      }))
      .sort((a, b) => a.order - b.order);
  }

  /**
   * Where an old path redirects (the new path, without query), when a `redirectFrom` matches it
   * more specifically than any page does.
   * @example
   * pages.redirectFor("/c/fr"); // "/country/fr"
   */
  redirectFor(pathname: string): string | undefined {
    const page = this.match(pathname).page;
    for (const rule of [...this.redirects].sort((a, b) => a.from.rank - b.from.rank)) {
      if (page !== undefined && page.template.rank <= rule.from.rank) return undefined;
      const params = rule.from.match(pathname);
      if (params !== undefined) return rule.to.build(params);
    }
    return undefined;
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
