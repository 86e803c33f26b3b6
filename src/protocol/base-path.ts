/**
 * @module
 * Where the app is mounted (`config.basePath` in the boot data, "" at the root): pages are
 * declared and `dcc.Link` hrefs written as app paths (`/history`); the server reads the app path
 * from a request's URL, and the renderer turns app paths into browser URLs and endpoint paths into
 * the mounted endpoints.
 */

/**
 * @example
 * const base = new BasePath("/dash");
 * base.toBrowser("/history"); // "/dash/history"
 * base.toApp("/dash/history?x=1"); // "/history?x=1"
 */
export class BasePath {
  constructor(readonly prefix: string) {}

  /** An app path from a browser path (a path outside the mount point is kept as it is). */
  toApp(browserPath: string): string {
    if (this.prefix === "") return browserPath;
    if (browserPath === this.prefix) return "/";
    if (browserPath.startsWith(`${this.prefix}/`) || browserPath.startsWith(`${this.prefix}?`)) {
      const rest = browserPath.slice(this.prefix.length);
      return rest.startsWith("?") ? `/${rest}` : rest;
    }
    return browserPath;
  }

  /** The browser href of an app href: absolute paths move under the mount point (once); anything else is left alone. */
  toBrowser(href: string): string {
    if (this.prefix === "" || !href.startsWith("/") || href.startsWith("//")) return href;
    if (href === this.prefix || href.startsWith(`${this.prefix}/`) || href.startsWith(`${this.prefix}?`)) return href;
    return `${this.prefix}${href}`;
  }

  /** The mounted URL of an endpoint path such as `/_dashbase/callback`. */
  endpoint(path: string): string {
    return `${this.prefix}${path}`;
  }
}
