/**
 * @module
 * The JSON bodies of the wire protocol: what each endpoint takes and answers, and the boot data
 * in the HTML shell. The server writes these shapes and the renderer reads them; each side still
 * checks what it receives, since a body on the wire may be anything.
 */
import type { CallbackSpec } from "./callback-spec.js";
import type { ComponentId } from "./ids.js";
import type { LayoutChild } from "./layout-tree.js";
import type { PageMetaValues } from "./page-meta-tags.js";

/** One concrete output of a callback request. */
export interface ConcreteRef {
  readonly id: ComponentId;
  readonly property: string;
}

/** One concrete input or state of a callback request, with its current value. */
export interface ConcreteValue extends ConcreteRef {
  readonly value: unknown;
}

/**
 * The body of `POST /_dashbase/callback`, its lists in the order the callback declares them. A
 * dependency with ALL or ALLSMALLER is an array of entries (possibly empty), as in Dash.
 */
export interface CallbackRequest {
  readonly callbackId: string;
  readonly outputs: ReadonlyArray<ConcreteRef | readonly ConcreteRef[]>;
  readonly inputs: ReadonlyArray<ConcreteValue | readonly ConcreteValue[]>;
  readonly state: ReadonlyArray<ConcreteValue | readonly ConcreteValue[]>;
  /** The `<id key>.<property>` keys of the inputs whose change fired the call (empty on load). */
  readonly changedPropIds: readonly string[];
  /** The `<id key>.<property>` keys of outputs that are server-persisted props: the server saves their new values. */
  readonly persist?: readonly string[];
}

/** The 200 answer of `POST /_dashbase/callback` (204, no body, when nothing changes). */
export interface CallbackAnswer {
  /** New values: `{ "<id key>": { "<property>": value } }`; a "no update" output is absent. */
  readonly response: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The 202 answer of `POST /_dashbase/callback` for a background callback: it runs as this job. */
export interface BackgroundAnswer {
  readonly background: { readonly jobId: string };
}

/** The body of `POST /_dashbase/cancel` (answered with 204): stops one of the session's background callbacks. */
export interface CancelBody {
  readonly jobId: string;
}

/**
 * What the push channel carries for a background callback: its progress and setProps reports,
 * then one final message (its answer, its error, or that it was cancelled).
 */
export interface CallbackPushMessage {
  readonly kind: "callback";
  readonly jobId: string;
  readonly phase: "progress" | "result" | "error" | "cancelled";
  /** New values, as in a callback answer (progress, result). */
  readonly response?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The failure, as an error answer describes it (error). */
  readonly error?: { readonly message: string; readonly code?: string; readonly requestId?: string };
}

/** The answer of `GET /_dashbase/layout?path=...` (also, with status 404, for the not-found page). */
export interface LayoutAnswer {
  readonly title: string;
  readonly path?: string;
  readonly layout: LayoutChild;
  /** The page's description and absolute Open Graph image, as the page shell's meta tags give them. */
  readonly meta?: PageMetaValues;
  /** Set when the page is elsewhere (a `redirectFrom` path, a layout's `redirect()`): the app path to show instead. */
  readonly redirect?: string;
}

/** The body of `POST /_dashbase/persist` (answered with 204). */
export interface PersistBody {
  readonly id: ComponentId;
  readonly property: string;
  readonly value: unknown;
}

/** One sort key of a table request. */
export interface TableSort {
  readonly column: string;
  readonly direction: "asc" | "desc";
}

/** The body of `POST /_dashbase/table/<id>`; a missing field takes its default (page 0, the table's page size, no sort, no filter, path "/"). */
export interface TableRequest {
  /** The page the table is shown on (path and query), for a declared table's `where`. */
  readonly path?: string;
  readonly page?: number;
  readonly pageSize?: number;
  readonly sortBy?: readonly TableSort[];
  /** Column id -> filter text. */
  readonly filter?: Readonly<Record<string, string>>;
}

/** The answer of `POST /_dashbase/table/<id>`; `page` counts from 0. */
export interface TablePage {
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** The body of `POST /_dashbase/table/<id>/edit`: one cell of the row whose primary key is `rowId`. */
export interface TableEditRequest {
  readonly rowId: string | number;
  readonly column: string;
  readonly value: string | number | boolean | null;
  /** The page the table is shown on, for a declared table's `where`. */
  readonly path?: string;
}

/**
 * The answer of an edit: 200 `{ row }`, the row as stored (its primary key as `id`). A value the
 * model refuses answers a 4xx error of one of `tableCellErrorCodes` whose message is the model's
 * for the cell; nothing is written.
 */
export interface TableEditAnswer {
  readonly row: Readonly<Record<string, unknown>>;
}

/** The error codes of an edit refused for its value: their message belongs on the edited cell. */
export const tableCellErrorCodes: readonly string[] = [
  "DASHBASE_E_VALIDATION",
  "DASHBASE_E_UNIQUE_VIOLATION",
  "DASHBASE_E_FOREIGN_KEY_VIOLATION",
  "DASHBASE_E_NOT_NULL_VIOLATION",
  "DASHBASE_E_CHECK_VIOLATION",
  "DASHBASE_E_INVALID_VALUE",
];

/** The answer of `GET /_dashbase/health` (status 200, or 503 when unavailable). */
export interface HealthAnswer {
  readonly status: "ok" | "unavailable";
  readonly database: Readonly<Record<string, unknown>>;
}

/** Static-asset configuration the server puts into the boot data. */
export interface ClientConfig {
  /** Where the renderer's files are served (`/_dashbase/static/` below the mount point). */
  readonly staticBase: string;
  /** Where the app is mounted: "" at the root, else a prefix such as "/dash". */
  readonly basePath?: string;
  /** Logical file name (`main.js`, `plotly-basic.js`, ...) -> fingerprinted file name. */
  readonly manifest: Readonly<Record<string, string>>;
}

/** The boot JSON in `<script id="dashbase-boot" type="application/json">`, so the first paint needs no request. */
export interface BootData {
  readonly csrfToken: string;
  readonly layout: LayoutChild;
  readonly title: string;
  readonly path: string;
  /** Every callback of the app, as `GET /_dashbase/dependencies` lists them. */
  readonly dependencies: readonly CallbackSpec[];
  readonly config: ClientConfig;
  /**
   * Development only: the stream that tells the page to reload when the app restarts, the dev
   * tools' module (loaded only then) and where they read the app's validation problems.
   */
  readonly dev?: { readonly events: string; readonly instance: string; readonly tools?: string; readonly problems?: string };
  /** Present when the app has clientside callbacks: the URL of their browser module, imported when one first runs. */
  readonly clientside?: string;
  /** Present when the page needs the push channel (the app has topic inputs): its endpoints and topics. */
  readonly push?: PushBoot;
}

/** What the page's boot data says about the push channel. */
export interface PushBoot {
  /** The Server-Sent Events stream's URL, with the mount point. */
  readonly stream: string;
  /** The JSON polling fallback's URL, with the mount point. */
  readonly poll: string;
  /** The topics the app's callbacks listen to. */
  readonly topics: readonly string[];
}

/** Every error answer of the server, whatever the endpoint. */
export interface ErrorAnswer {
  readonly error: {
    /** A `DASHBASE_E_...` code (docs/errors.md). */
    readonly code: string;
    readonly message: string;
    /** Names the request in the server's log. */
    readonly requestId: string;
    /** Development only: where it failed (the error's stack and its causes'), for the dev tools. */
    readonly stack?: string;
  };
}
