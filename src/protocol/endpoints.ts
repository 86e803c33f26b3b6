/**
 * @module
 * Where the wire protocol lives: the endpoint paths under `/_dashbase/` (relative to where the
 * app is mounted) and the header names. The server registers its routes with these and the
 * renderer fetches them, so each is spelled once (docs/wire-protocol.md describes each endpoint).
 */

/** Every dashbase endpoint lives under this prefix; app routes may not use it. */
export const protocolBase = "/_dashbase";

/** `GET`: whether the server and its database answer. */
export const healthPath = "/_dashbase/health";
/** `GET`: every callback of the app. */
export const dependenciesPath = "/_dashbase/dependencies";
/** `GET ?path=/page`: the layout of a page, for a client-side navigation. */
export const layoutPath = "/_dashbase/layout";
/** `POST`: run one callback. */
export const callbackPath = "/_dashbase/callback";
/** `POST { id, property, value }`: save a `persistence: "server"` value. */
export const persistPath = "/_dashbase/persist";
/** `POST`: cancels one of the session's background callbacks (`{ jobId }`). */
export const cancelPath = "/_dashbase/cancel";
/** `POST` to this prefix plus the table id: one page of a declared table. */
export const tablePathPrefix = "/_dashbase/table/";
/** `GET ?tab=<id>&topics=a,b` (`Last-Event-ID` or `&after=<id>` resumes): the tab's push stream, Server-Sent Events. */
export const pushPath = "/_dashbase/push";
/** `GET ?tab=<id>&topics=a,b&after=<id>`: the push stream's messages as JSON, where a stream cannot stay open. */
export const pushPollPath = "/_dashbase/push/poll";
/** The renderer's fingerprinted files are served under this prefix. */
export const staticPath = "/_dashbase/static/";

/** The header every POST carries, with the CSRF token from the boot data. */
export const csrfHeader = "x-dashbase-csrf";

/** The header naming the browser tab a request comes from (its push channel's tab id). */
export const tabHeader = "x-dashbase-tab";
/** What a tab id may be: the renderer makes one, the server refuses anything else. */
export const tabIdPattern = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * `POST` here for one page of the declared table `id`.
 *
 * @example
 * tablePath("my notes"); // "/_dashbase/table/my%20notes"
 */
export function tablePath(id: string): string {
  return `${tablePathPrefix}${encodeURIComponent(id)}`;
}

/**
 * `POST` here (the same body as a page, without paging) for the CSV of the declared table `id`:
 * every row of the current filter and sort, streamed.
 *
 * @example
 * tableExportPath("notes"); // "/_dashbase/table/notes/export"
 */
export function tableExportPath(id: string): string {
  return `${tablePath(id)}/export`;
}

/**
 * `POST` here `{ rowId, column, value, path }` to edit one cell of the declared table `id`:
 * answered `{ row }` (the row as stored), or a 4xx error whose message, for a refused value, is
 * the model's for the cell.
 *
 * @example
 * tableEditPath("notes"); // "/_dashbase/table/notes/edit"
 */
export function tableEditPath(id: string): string {
  return `${tablePath(id)}/edit`;
}

/**
 * The URL of a page's layout.
 *
 * @example
 * layoutUrl("/country/fr?year=2000"); // "/_dashbase/layout?path=%2Fcountry%2Ffr%3Fyear%3D2000"
 */
export function layoutUrl(pagePath: string): string {
  return `${layoutPath}?path=${encodeURIComponent(pagePath)}`;
}
