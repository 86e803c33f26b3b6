/**
 * @module
 * Where the app is mounted (`config.basePath` in the boot data, "" at the root): the renderer
 * speaks app paths (`/history`, as pages are declared and `dcc.Link` hrefs written) and turns
 * them into browser URLs under the mount point, and endpoint paths into the mounted endpoints.
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

  /** The app path the browser shows now. */
  current(): string {
    return this.toApp(window.location.pathname + window.location.search);
  }
}
