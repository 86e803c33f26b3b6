/**
 * @module
 * `PageNav`: navigation generated from the app's page registry (`app.pages.list()`): a `<nav>` of
 * `dcc.Link`s in the pages' order, named as the pages declare. Each link marks itself with
 * `aria-current="page"` when it is the page shown, and a layout that includes the nav renders it
 * again on every navigation, so the mark follows the visitor.
 */
import type { ComponentNode } from "../layout/component-node.js";
import { dcc } from "../components/dcc.js";
import { html } from "../components/html/html.js";
import type { PageEntry } from "./page-registry.js";

export interface PageNavOptions {
  /** The accessible name of the `<nav>` (default "Pages"). */
  label?: string;
  className?: string;
  /** The path shown (a layout's `path`): its link gets `currentClassName` in the served HTML too. */
  current?: string;
  /** The class of the current page's link (default "is-current"). */
  currentClassName?: string;
  /** An id for each link (for tests and styles), e.g. `(page) => \`nav-${page.name.toLowerCase()}\``. */
  linkId?: (page: PageEntry) => string;
}

/**
 * A navigation bar of the app's pages.
 * @example
 * app.page("/", { name: "Home", order: 0, layout: ({ path }) => html.Div([PageNav(app.pages.list(), { current: path }), html.H1("Home")]) });
 */
export function PageNav(pages: readonly PageEntry[], options: PageNavOptions = {}): ComponentNode {
  return html.Nav(
    pages.map((page) =>
      dcc.Link(page.name, {
        href: page.path,
        ...(page.path === options.current ? { className: options.currentClassName ?? "is-current" } : {}),
        ...(options.linkId === undefined ? {} : { id: options.linkId(page) }),
      }),
    ),
    { "aria-label": options.label ?? "Pages", className: ["dashbase-page-nav", options.className].filter(Boolean).join(" ") },
  );
}
