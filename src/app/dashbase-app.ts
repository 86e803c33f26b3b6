/**
 * @module
 * `createApp` and the app object: pages, callbacks and API routes registered on the instance;
 * `validate()` for startup checks; `createServer()` (no port, for tests and tools) and `listen()`.
 * Creating an app opens nothing: the CLI imports app files just to read their models and seed.
 */
import path from "node:path";
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { loadSettings } from "../config/load-settings.js";
import type { Settings } from "../config/settings.js";
import type { Database } from "../db/database.js";
import { CallbackRegistry, type CallbackDefinition, type CallbackOptions, type RegisteredHandler } from "../callbacks/callback-registry.js";
import type { CallbackServices } from "../callbacks/callback-context.js";
import type { InputDependency, OutputDependency, OutputValuesOf, StateDependency, ValuesOf } from "../callbacks/dependency.js";
import type { TableBinding } from "../layout/data-table.js";
import type { LayoutValue } from "../layout/layout-walk.js";
import { PageRegistry, type PageOptions } from "../pages/page-registry.js";
import type { PathParams } from "../pages/path-template.js";
import { AppAssets } from "../server/app-assets.js";
import { buildServer } from "../server/build-server.js";
import { defaultClientDir, loadClientBundle } from "../server/client-bundle.js";
import { loadComponentModules } from "../server/component-modules.js";
import { declareComponents } from "../components/component-catalog.js";
import { createApiRegistrar, type ApiRegistrar, type ApiRoute } from "./api-registry.js";
import { AppCore } from "./app-core.js";
import type { CreateAppOptions } from "./app-options.js";
import { openServices, type ServiceOverrides } from "./app-services.js";
import { assertValidApp } from "./app-validation.js";

type MaybePromise<T> = T | Promise<T>;

/**
 * Production logs every request as JSON lines for the log pipeline; development keeps the
 * terminal readable (warnings and errors only); tests stay quiet.
 */
function defaultLogger(profile: Settings["profile"]): FastifyServerOptions["logger"] {
  switch (profile) {
    case "production":
      return true;
    case "development":
      return { level: "warn" };
    case "test":
      return false;
  }
}

/** A server built but not listening: `fastify.inject()` drives it. */
export interface AppServer {
  readonly fastify: FastifyInstance;
  readonly core: AppCore;
  /** Stops the server (finishing requests in flight) and closes the store, sessions and database it opened. */
  close(): Promise<void>;
}

export interface CreateServerOptions extends ServiceOverrides {
  /** Settings instead of the environment. */
  settings?: Settings;
  /** The app file, to find `assets/` beside it (the CLI passes it). */
  appFile?: string;
  /** Close the given `db` when the server closes (the CLI hands over the handle it migrated with). */
  closeDb?: boolean;
}

export interface ListenOptions extends CreateServerOptions {
  host?: string;
  port?: number;
}

/** A listening app. */
export interface RunningApp {
  readonly url: string;
  readonly server: AppServer;
  close(): Promise<void>;
}

/**
 * A dashbase app: register pages and callbacks, then `listen()` (or `export default app` for the CLI).
 * @example
 * const app = createApp({ title: "Indicators", models });
 * app.page("/", { title: "Explore", layout: () => html.Div([dcc.Input({ id: "name" }), html.P({ id: "hello" })]) });
 * app.callback([Output("hello", "children")], [Input<string>("name", "value")], ([name]) => [`Hello ${name ?? ""}`]);
 * export default app;
 */
export class DashbaseApp<Models extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>> {
  readonly title: string;
  readonly models: Models;
  readonly seed: ((db: Database) => Promise<void>) | undefined;
  readonly migrationsDir: string | undefined;
  readonly pages = new PageRegistry();
  readonly callbacks = new CallbackRegistry();
  readonly apiRoutes: ApiRoute[] = [];
  /** `app.api.get("/api/x", handler)`, `.post`, `.put`, `.patch`, `.delete`. */
  readonly api: ApiRegistrar;
  private readonly tables = new Map<string, TableBinding>();

  constructor(readonly options: CreateAppOptions<Models>) {
    this.title = options.title ?? "dashbase";
    this.models = options.models ?? ({} as Models);
    this.seed = options.seed;
    this.migrationsDir = options.migrationsDir;
    // layouts built from here on replay the packages' persisted props like the built-in ones'
    declareComponents(options.components ?? []);
    this.api = createApiRegistrar(this.apiRoutes);
  }

  /** Adds a page at a path template (`/country/:code`); the layout may be async and read the database. */
  page<Path extends string>(path: Path, options: PageOptions<PathParams<Path>>): this {
    this.pages.add(path, options);
    return this;
  }

  /** The page for paths no page matches (answered with status 404). */
  notFound(layout: LayoutValue | PageOptions): this {
    const options = typeof layout === "object" && layout !== null && "layout" in layout ? layout : { title: "Not found", layout: layout as LayoutValue };
    this.pages.setNotFound(options);
    return this;
  }

  /** Registers a callback: `(outputs, inputs, handler, options?)`. */
  callback<const O extends readonly OutputDependency[], const I extends readonly InputDependency[]>(
    outputs: O,
    inputs: I,
    handler: (inputs: ValuesOf<I>, services: CallbackServices) => MaybePromise<OutputValuesOf<O>>,
    options?: CallbackOptions,
  ): CallbackDefinition;
  /** Registers a callback with State: `(outputs, inputs, state, handler, options?)`. */
  callback<const O extends readonly OutputDependency[], const I extends readonly InputDependency[], const S extends readonly StateDependency[]>(
    outputs: O,
    inputs: I,
    state: S,
    handler: (inputs: ValuesOf<I>, state: ValuesOf<S>, services: CallbackServices) => MaybePromise<OutputValuesOf<O>>,
    options?: CallbackOptions,
  ): CallbackDefinition;
  callback(outputs: readonly OutputDependency[], inputs: readonly InputDependency[], ...rest: unknown[]): CallbackDefinition {
    const withState = Array.isArray(rest[0]);
    const state = (withState ? rest[0] : []) as readonly StateDependency[];
    const given = (withState ? rest[1] : rest[0]) as (...args: unknown[]) => unknown;
    const options = (withState ? rest[2] : rest[1]) as CallbackOptions | undefined;
    const handler: RegisteredHandler = withState
      ? (values, states, services) => given(values, states, services)
      : (values, _states, services) => given(values, services);
    if (typeof given !== "function") {
      throw new TypeError(`app.callback: expected a handler function ${withState ? "after the state list" : "after the input list"}, found ${typeof given}`);
    }
    return this.callbacks.add({ outputs, inputs, state, handler, options });
  }

  /**
   * Checks the callbacks against each other and the static layouts.
   * @throws DashbaseError DASHBASE_E_APP_INVALID listing every problem (expected vs found).
   */
  async validate(): Promise<void> {
    await assertValidApp(this.pages, this.callbacks, this.tables, this.options.callbacks?.allowDynamicIds === true);
  }

  /** Builds the server without listening (opens the database, store and sessions unless given). */
  async createServer(overrides: CreateServerOptions = {}): Promise<AppServer> {
    await this.validate();
    const settings = overrides.settings ?? this.options.settings ?? loadSettings();
    const server = this.options.server ?? {};
    const client = loadClientBundle(server.clientDir ?? defaultClientDir());
    const appDir = overrides.appFile !== undefined ? path.dirname(path.resolve(overrides.appFile)) : process.argv[1] !== undefined ? path.dirname(path.resolve(process.argv[1])) : process.cwd();
    const assets = await AppAssets.open(this.options.assetsDir ?? path.join(appDir, "assets"));
    const components = await loadComponentModules(this.options.components ?? []);
    const services = await openServices(this.options, settings, overrides);
    const core = new AppCore({ title: this.title, pages: this.pages, callbacks: this.callbacks, tables: this.tables }, services);
    let fastify: FastifyInstance;
    try {
      fastify = await buildServer({
        core,
        apiRoutes: this.apiRoutes,
        client,
        assets,
        components,
        production: settings.profile === "production",
        bodyLimit: server.bodyLimit,
        logger: server.logger ?? defaultLogger(settings.profile),
        contentSecurityPolicy: server.contentSecurityPolicy,
        trustProxy: server.trustProxy ?? settings.server.trustProxy,
      });
    } catch (error) {
      await services.close();
      throw error;
    }
    fastify.addHook("onClose", async () => {
      await services.close();
      if (overrides.closeDb === true) await overrides.db?.close();
    });
    let closing: Promise<void> | undefined;
    return {
      fastify,
      core,
      close: () => (closing ??= closeWithin(fastify, server.shutdownTimeoutMs ?? 10_000)),
    };
  }

  /**
   * Starts serving on HOST/PORT from the environment (or the options), closing gracefully on
   * SIGTERM and SIGINT: stop accepting, finish requests in flight, close the pool.
   * @example
   * const { url, close } = await app.listen();
   */
  async listen(options: ListenOptions = {}): Promise<RunningApp> {
    const settings = options.settings ?? this.options.settings ?? loadSettings();
    const server = await this.createServer({ ...options, settings });
    const host = options.host ?? this.options.server?.host ?? settings.server.host;
    const port = options.port ?? this.options.server?.port ?? settings.server.port;
    try {
      await server.fastify.listen({ host, port });
    } catch (error) {
      await server.close();
      throw error;
    }
    const address = server.fastify.server.address();
    const actualPort = typeof address === "object" && address !== null ? address.port : port;
    const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    const url = `http://${shownHost}:${actualPort}`;
    const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];
    const onSignal = (signal: NodeJS.Signals): void => {
      server.fastify.log.info({ signal }, "shutting down: finishing requests in flight");
      void stop().then(
        () => server.fastify.log.info("shut down"),
        (error: unknown) => {
          server.fastify.log.error({ err: error }, "shutdown failed");
          process.exitCode = 1;
        },
      );
    };
    const stop = async (): Promise<void> => {
      for (const signal of signals) process.off(signal, onSignal);
      await server.close();
    };
    if (this.options.server?.handleSignals !== false) for (const signal of signals) process.once(signal, onSignal);
    server.fastify.log.info({ url }, `${this.title} is listening on ${url}`);
    return { url, server, close: stop };
  }
}

/**
 * Closes the server: no new connections, requests in flight finish, and keep-alive connections
 * are closed as soon as they fall idle (a connection busy when close began would otherwise stay
 * open until its keep-alive ran out). After `timeoutMs` every connection is cut.
 */
async function closeWithin(fastify: FastifyInstance, timeoutMs: number): Promise<void> {
  const deadline = setTimeout(() => fastify.server.closeAllConnections(), timeoutMs);
  const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
  deadline.unref();
  sweep.unref();
  try {
    await fastify.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
}

/**
 * Creates an app. Nothing is opened until `listen()` / `createServer()` (or `dashbase start`).
 * @example
 * import * as models from "./models.js";
 * const app = createApp({ title: "Indicators", models, seed });
 * export default app;
 */
export function createApp<Models extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>>(options: CreateAppOptions<Models> = {}): DashbaseApp<Models> {
  return new DashbaseApp(options);
}
