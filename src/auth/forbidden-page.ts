/**
 * @module
 * The page a signed-in user without the role a page requires sees (answered with status 403),
 * in the not-found page's style.
 */
import type { LayoutValue } from "../layout/layout-walk.js";

/**
 * The 403 page's layout, saying why.
 * @example
 * forbiddenLayout('page "/admin" requires the role "editor", which this user does not hold');
 */
export function forbiddenLayout(reason: string): LayoutValue {
  return Object.freeze({
    type: "html.Main",
    props: Object.freeze({
      className: "dashbase-forbidden",
      children: Object.freeze([
        Object.freeze({ type: "html.H1", props: Object.freeze({ children: "You cannot open this page" }) }),
        Object.freeze({ type: "html.P", props: Object.freeze({ children: reason }) }),
        Object.freeze({ type: "dcc.Link", props: Object.freeze({ href: "/", children: "Back to the start page" }) }),
      ]),
    }),
  });
}
