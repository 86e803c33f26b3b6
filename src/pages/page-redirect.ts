/**
 * @module
 * Redirects from a layout: `throw redirect("/login")` (or `return redirect(...)`) in a layout
 * function answers a full page load with 302 and makes a client-side navigation go there. Only
 * paths of the app are accepted, so no request can send a visitor to another site.
 */

/** What `redirect()` gives a layout to throw or return. */
const redirectBrand = Symbol.for("dashbase.page-redirect");

export class PageRedirect {
  readonly [redirectBrand] = true;
  constructor(
    /** A path of the app, with an optional query (`/login?next=%2Fadmin`). */
    readonly location: string,
  ) {}

  /** True for a value `redirect()` made (a class check across two copies of the package would fail). */
  static is(value: unknown): value is PageRedirect {
    return typeof value === "object" && value !== null && (value as { [redirectBrand]?: unknown })[redirectBrand] === true;
  }
}

/**
 * True for a path of this app: starts with one "/", and no "\" or control character that a
 * browser might read as another host.
 * @example
 * isAppPath("/login"); // true
 * isAppPath("//evil.example"); // false
 */
export function isAppPath(path: unknown): path is string {
  // eslint-disable-next-line no-control-regex
  return typeof path === "string" && path.startsWith("/") && !path.startsWith("//") && !/[\\\u0000-\u001f\u007f]/.test(path);
}

/**
 * A redirect for a layout to throw or return: the page at `path` is shown instead.
 * @throws TypeError when `path` is not a path of the app (an open redirect).
 * @example
 * app.page("/admin", { layout: ({ session }) => { if (session.userId === null) throw redirect("/login?next=/admin"); return html.H1("Admin"); } });
 */
export function redirect(path: string): PageRedirect {
  if (!isAppPath(path)) {
    throw new TypeError(
      `redirect(path): expected a path of the app starting with a single "/" (such as "/login"), found ${JSON.stringify(path)?.slice(0, 100)}`,
    );
  }
  return new PageRedirect(path);
}
