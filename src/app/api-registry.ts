/**
 * @module
 * JSON API routes of an app (`app.api.get("/api/x", handler)`): handlers receive the same
 * database, session and store as callbacks, and return JSON (or undefined for 204).
 */
import type { AppEnv } from "../config/settings.js";
import type { Database } from "../db/database.js";
import type { RequestSession } from "../callbacks/callback-context.js";
import type { PathParams } from "../pages/path-template.js";
import type { OwnerStore } from "../store/store.js";
import type { Enqueue } from "../jobs/job-types.js";
import { protocolBase } from "../protocol/endpoints.js";
import type { Publish } from "../push/session-publisher.js";
import { readAccessRule, type AccessRequirement, type AccessRule } from "../auth/access-rule.js";

export type ApiMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The request as an API handler sees it. */
export interface ApiRequest<Params = Record<string, string>> {
  readonly method: ApiMethod;
  readonly url: string;
  readonly params: Params;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body (undefined for GET). */
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The request id logs and error answers carry. */
  readonly id: string;
}

/** Lets a handler choose its status and headers. */
export interface ApiResponse {
  status(code: number): void;
  header(name: string, value: string): void;
}

export interface ApiArgs<Params = Record<string, string>> {
  readonly db: Database;
  readonly session: RequestSession;
  /** The per-user store, bound to the session's owner. */
  readonly store: OwnerStore;
  readonly request: ApiRequest<Params>;
  readonly response: ApiResponse;
  /** The app's own environment variables, as its `createApp({ env })` schema parsed them (empty without one). */
  readonly env: AppEnv;
  /** Starts a durable job (`app.job()`) owned by the session's owner; resolves to its id. */
  readonly enqueue: Enqueue;
  /** Publishes on a topic, as callback handlers do (`services.publish`). */
  readonly publish: Publish;
}

export type ApiHandler<Params = Record<string, string>> = (args: ApiArgs<Params>) => unknown;

/** Options of a GET route. */
export interface ApiGetOptions {
  /**
   * Who may call it: `"user"` (any signed-in user) or `{ role: "editor" }`; others are refused
   * with 401 DASHBASE_E_SIGN_IN_REQUIRED or 403 DASHBASE_E_FORBIDDEN before the handler runs.
   */
  access?: AccessRule;
}

export interface ApiRouteOptions extends ApiGetOptions {
  /**
   * Check the `x-dashbase-csrf` header on this POST/PUT/PATCH/DELETE (default true). Turn it off
   * only for routes meant for other machines that authenticate some other way.
   */
  csrf?: boolean;
}

export interface ApiRoute {
  readonly method: ApiMethod;
  readonly path: string;
  readonly handler: ApiHandler;
  readonly csrf: boolean;
  /** The route's access rule, checked before its handler. */
  readonly access?: AccessRequirement | undefined;
}

/** `app.api`: one method per HTTP verb. */
export interface ApiRegistrar {
  get<Path extends string>(path: Path, handler: ApiHandler<PathParams<Path>>, options?: ApiGetOptions): ApiRegistrar;
  post<Path extends string>(path: Path, handler: ApiHandler<PathParams<Path>>, options?: ApiRouteOptions): ApiRegistrar;
  put<Path extends string>(path: Path, handler: ApiHandler<PathParams<Path>>, options?: ApiRouteOptions): ApiRegistrar;
  patch<Path extends string>(path: Path, handler: ApiHandler<PathParams<Path>>, options?: ApiRouteOptions): ApiRegistrar;
  delete<Path extends string>(path: Path, handler: ApiHandler<PathParams<Path>>, options?: ApiRouteOptions): ApiRegistrar;
}

/**
 * Collects API routes into `routes`; `assertOpen` refuses registration once the app is frozen.
 * @example
 * const routes: ApiRoute[] = [];
 * createApiRegistrar(routes).get("/api/health", () => ({ ok: true }));
 */
export function createApiRegistrar(routes: ApiRoute[], assertOpen: (what: string) => void = () => {}): ApiRegistrar {
  const add =
    (method: ApiMethod) =>
    (path: string, handler: ApiHandler<never>, options: ApiRouteOptions = {}): ApiRegistrar => {
      assertOpen(`app.api.${method.toLowerCase()}("${String(path)}")`);
      if (typeof path !== "string" || !path.startsWith("/"))
        throw new TypeError(`app.api.${method.toLowerCase()}(path): expected a path starting with "/", found ${JSON.stringify(path)}`);
      if (path.startsWith(protocolBase) || path.startsWith("/assets/")) {
        throw new TypeError(
          `app.api.${method.toLowerCase()}("${path}"): ${protocolBase}/ and /assets/ belong to dashbase; expected another path, such as /api/...`,
        );
      }
      if (typeof handler !== "function")
        throw new TypeError(`app.api.${method.toLowerCase()}("${path}", handler): expected a function, found ${typeof handler}`);
      if (routes.some((route) => route.method === method && route.path === path))
        throw new TypeError(`app.api: ${method} ${path} is registered twice`);
      const access = readAccessRule(options.access, `app.api.${method.toLowerCase()}("${path}")`);
      routes.push(
        Object.freeze({ method, path, handler: handler as ApiHandler, csrf: method !== "GET" && options.csrf !== false, access }),
      );
      return registrar;
    };
  const registrar: ApiRegistrar = { get: add("GET"), post: add("POST"), put: add("PUT"), patch: add("PATCH"), delete: add("DELETE") };
  return registrar;
}
