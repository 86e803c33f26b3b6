/**
 * @module
 * The options of `createApp`, grouped by concern (`db`, `server`, `session`, `store`, `callbacks`)
 * rather than one long flat list.
 */
import type { FastifyServerOptions } from "fastify";
import type { CallbackErrorHandler } from "../callbacks/callback-registry.js";
import type { AppEnvSchema } from "../config/app-env.js";
import type { DatabaseSettings, RequestLogSetting, Settings } from "../config/settings.js";
import type { Database } from "../db/database.js";
import type { ComponentDefinition } from "../protocol/component-definition.js";

export interface AppDatabaseOptions {
  /** Where to connect; default: the environment (DATABASE_URL, PG*, or the embedded database). */
  settings?: DatabaseSettings;
  /** Embedded only: start a new data directory from a `dumpDataDir()` tarball. */
  template?: Blob;
  /** An open handle to use instead of opening one; the app will not close it. */
  handle?: Database;
}

export interface AppServerOptions {
  /** Default: HOST from the environment (127.0.0.1 in development, 0.0.0.0 in production). */
  host?: string;
  /** Default: PORT from the environment, else 8050; 0 picks a free port. */
  port?: number;
  /** Where the built renderer lives (manifest.json and its files); default: the package's dist/client. */
  clientDir?: string;
  /** Largest request body in bytes (default 1 MiB); larger ones get 413 DASHBASE_E_BODY_TOO_LARGE. */
  bodyLimit?: number;
  /** Fastify's logger: true (info, JSON lines), false, or pino options (level, stream, ...). Default: every request in production, warnings and errors in development, nothing in tests. */
  logger?: FastifyServerOptions["logger"];
  /**
   * Which requests get a log line when the logger is on (one line each, written after the answer):
   * `"off"`, or `{ sampleRate }` from 0 (only 4xx/5xx answers) to 1 (every request, the default).
   * Default: DASHBASE_REQUEST_LOG from the environment (`all`, `errors`, `off` or a share such as `0.1`).
   */
  requestLog?: RequestLogSetting;
  /** Replaces the default Content-Security-Policy (e.g. to allow WebGL traces that need 'unsafe-eval'). */
  contentSecurityPolicy?: string;
  /** Trust X-Forwarded-* (behind a proxy); default: TRUST_PROXY from the environment. */
  trustProxy?: boolean;
  /** The whole request, headers and body, must arrive within this (default 30,000 ms); a slower one is answered 408 and closed. */
  requestTimeoutMs?: number;
  /** The headers must arrive within this (default 10,000 ms, at most requestTimeoutMs). */
  headersTimeoutMs?: number;
  /** An idle keep-alive connection is closed after this (default 72,000 ms). */
  keepAliveTimeoutMs?: number;
  /** The push channel: streams one session may hold open per process (default 16, one more gets 429) and the heartbeat (default 15,000 ms). */
  push?: { maxStreamsPerSession?: number; heartbeatMs?: number };
  /** The longest path segment the router accepts (default 100); a longer one is answered 414. */
  maxParamLength?: number;
  /** How long shutdown waits for requests in flight before closing anyway (default 10,000 ms). */
  shutdownTimeoutMs?: number;
  /** Close on SIGTERM and SIGINT (default true for `listen()`). */
  handleSignals?: boolean;
}

export interface AppSessionOptions {
  /** Signs the session cookie; default: SESSION_SECRET (required in production). */
  secret?: string;
  /** Session lifetime (default: the session manager's). */
  maxAgeMs?: number;
  cookieName?: string;
  /**
   * How long this process may reuse a session it looked up, instead of reading it again
   * (default 1000 ms; 0 reads it on every request). A session ended by another process stays
   * usable here for at most this long; ending it through this process takes effect at once.
   */
  cacheMs?: number;
}

export interface AppStoreOptions {
  /** Largest value in bytes (default 1 MB). */
  maxValueBytes?: number;
  /** Live keys one owner (a session or a user) may hold in the store, persisted values included (default 1,000). */
  maxKeysPerOwner?: number;
  /** Bytes one owner may hold in the store, persisted values included (default 4 MB). */
  maxBytesPerOwner?: number;
}

export interface AppCallbackOptions {
  /**
   * Do not report callback ids that no static layout contains at startup (for components a
   * callback creates). Default false.
   */
  allowDynamicIds?: boolean;
  /**
   * Turns any callback's exception into an answer (Dash's `on_error`), unless the callback has
   * its own `onError`: return one value per output, or nothing to leave them alone; the page
   * shows no error notice. What it throws is reported as the callback's failure.
   */
  onError?: CallbackErrorHandler;
}

/**
 * Users and sign-in (docs/auth.md). Adds dashbase's user tables to the app's models (write their
 * revision with `dashbase db generate`), and gives every session its `user`.
 */
export interface AppAuthOptions {
  /** Password sign-in with e-mail and password (default true). */
  password?: boolean;
  /**
   * The app's own sign-in page (a path of the app, e.g. "/login"): protected pages send anonymous
   * visitors there (with `?next=`) instead of to the prebuilt `/_dashbase/auth/sign-in`. Its form
   * posts to `/_dashbase/auth/sign-in` like the prebuilt one (docs/auth.md lists the fields).
   */
  signInPage?: string;
  /** Failed password sign-ins allowed per window, counted in the database (all processes share them). */
  rateLimit?: SignInRateLimitOptions;
  /** Further ways to sign in, listed as "Sign in with <label>" links on the prebuilt page (OpenID Connect providers). */
  providers?: readonly SignInProvider[];
  /**
   * OpenID Connect providers besides the one OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET
   * name (that one has the id "oidc"). Keep client secrets in the environment: read them with the
   * app's `env` schema rather than writing them here.
   */
  oidc?: readonly AppOidcProvider[];
}

/** The sign-in rate limit: fixed windows, failures counted per account and per client address. */
export interface SignInRateLimitOptions {
  /** Failed sign-ins per account (e-mail address) per window; default 5. */
  perAccount?: number;
  /** Failed sign-ins per client address per window; default 20. */
  perAddress?: number;
  /** The window's length; default 15 minutes (900,000 ms). */
  windowMs?: number;
}

/** A "Sign in with <label>" link on the sign-in page; `href` is a path of the app (or an absolute https URL). */
export interface SignInProvider {
  readonly id: string;
  readonly label: string;
  readonly href: string;
}

/** One OpenID Connect provider (Google, Microsoft Entra, Keycloak, Auth0, GitLab, ...). */
export interface AppOidcProvider {
  /** In the provider's URLs (`/_dashbase/auth/oidc/<id>/callback`, the redirect URI to register): letters, digits, `-`, `_`. */
  id: string;
  /** The issuer URL, e.g. "https://accounts.google.com". */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** "Sign in with <label>"; default the issuer's host. */
  label?: string;
  /** Default "openid email profile". */
  scopes?: string;
}

export interface CreateAppOptions<Models extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>> {
  /** The app's name: the document title of pages without one. */
  title?: string;
  /** drizzle tables, usually `import * as models from "./models.js"`. */
  models?: Models;
  /** Fills the database with what the app needs; must be safe to run twice (`dashbase start --seed`). */
  seed?: (db: Database) => Promise<void>;
  /** The revisions folder; default `migrations/` beside the app file. */
  migrationsDir?: string;
  /**
   * The component packages' definitions the app uses, e.g. `[starRating]` from
   * `@dashbase/star-rating`: their browser modules are served and loaded on the pages that show them.
   */
  components?: readonly ComponentDefinition[];
  /** CSS, JS and images served under /assets/ (.css and .js linked in every page); default `assets/` beside the app file. */
  assetsDir?: string;
  db?: AppDatabaseOptions;
  server?: AppServerOptions;
  session?: AppSessionOptions;
  store?: AppStoreOptions;
  callbacks?: AppCallbackOptions;
  /** Users, sign-in and `session.user`: `auth: {}` (or `true`) turns them on; see docs/auth.md. */
  auth?: AppAuthOptions | boolean;
  /** Settings to use instead of reading the environment (tests). */
  settings?: Settings;
  /**
   * The app's own environment variables, as a zod schema (`z.object({ MAPBOX_TOKEN: z.string().min(1) })`):
   * checked at start together with dashbase's settings (one message lists every problem), and the
   * parsed values handed to callbacks, layouts and API routes as `env`.
   */
  env?: AppEnvSchema;
}
