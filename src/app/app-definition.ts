/**
 * @module
 * The declared app: pages, callbacks, tables bound to queries and API routes, registered before
 * anything starts and frozen when a server is created from it, so every process of a deployment
 * holds the same definition and nothing the server answers depends on an earlier render.
 * Declaring opens nothing: the CLI imports app files just to read their models and seed.
 */
import type { PgTable } from "drizzle-orm/pg-core";
import { CallbackRegistry, type CallbackDefinition, type CallbackOptions, type RegisteredHandler } from "../callbacks/callback-registry.js";
import type { CallbackServices } from "../callbacks/callback-context.js";
import { isClientsideRef, type ClientsideRef } from "../callbacks/clientside-ref.js";
import type { ClientsideContext } from "../clientside/clientside-context.js";
import type { InputDependency, OutputDependency, OutputValuesOf, StateDependency, ValuesOf } from "../callbacks/dependency.js";
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { TableRef } from "../layout/data-table.js";
import type { LayoutValue } from "../layout/layout-walk.js";
import { PageRegistry, type PageOptions } from "../pages/page-registry.js";
import type { PathParams } from "../pages/path-template.js";
import { declareTable, type DeclaredTable, type TableSpec } from "../tables/declared-table.js";
import { createComponentCatalog, type ComponentCatalog } from "../components/component-catalog.js";
import { JobRegistry } from "../jobs/job-registry.js";
import { jobDefaults } from "../jobs/job-types.js";
import { backgroundCallbackJob } from "../callbacks/background-call.js";
import type { JobContext, JobHandler, JobOptions, JobRef } from "../jobs/job-types.js";
import { createApiRegistrar, type ApiRegistrar, type ApiRoute } from "./api-registry.js";
import type { CreateAppOptions } from "./app-options.js";
import { authEnabled } from "../auth/auth-options.js";
import { authModels } from "../auth/auth-tables.js";
import { assertValidApp } from "./app-validation.js";
import { readAccessRule, type AccessRequirement, type AccessRule } from "../auth/access-rule.js";
import { buildAccessPlan, type AccessPlan } from "../auth/access-plan.js";

type MaybePromise<T> = T | Promise<T>;

/** Options of `app.clientCallback`: the server-only ones (background, progress, cancel, onError) do not apply. */
export type ClientCallbackOptions = Pick<CallbackOptions, "preventInitialCall" | "running">;

/** The browser function of a clientside callback without State: `(inputs, ctx) => outputs`. */
export type ClientsideHandler<O extends readonly OutputDependency[], I extends readonly InputDependency[]> = (
  inputs: ValuesOf<I>,
  ctx: ClientsideContext,
) => MaybePromise<OutputValuesOf<O>>;

/** The browser function of a clientside callback with State: `(inputs, state, ctx) => outputs`. */
export type ClientsideStateHandler<
  O extends readonly OutputDependency[],
  I extends readonly InputDependency[],
  S extends readonly StateDependency[],
> = (inputs: ValuesOf<I>, state: ValuesOf<S>, ctx: ClientsideContext) => MaybePromise<OutputValuesOf<O>>;

/** The server never calls a clientside callback's handler: the dispatcher refuses its requests first. */
function runsInTheBrowser(): never {
  throw new DashbaseError("DASHBASE_E_INTERNAL", "a clientside callback's handler was called on the server");
}

/** The declared handler of background callbacks' job: each server binds its own (see openAppRuntime). */
function unboundBackgroundCall(): never {
  throw new DashbaseError("DASHBASE_E_INTERNAL", "a background callback's job reached a process that serves no app");
}

/**
 * What an app declares. `createApp` returns a `DashbaseApp`, which adds serving to this.
 * @example
 * const app = createApp({ title: "Notes", models });
 * const notesTable = app.table("notes", { from: models.notes, where: (ctx) => eq(models.notes.owner, ctx.session.owner) });
 * app.page("/", { layout: html.Div([DataTable({ table: notesTable })]) });
 */
export class AppDefinition<Models extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>> {
  readonly title: string;
  readonly models: Models;
  readonly seed: ((db: Database) => Promise<void>) | undefined;
  readonly migrationsDir: string | undefined;
  readonly pages = new PageRegistry();
  readonly callbacks = new CallbackRegistry();
  /** Query-bound tables by id, as `app.table()` declared them. */
  readonly tables: ReadonlyMap<string, DeclaredTable> = new Map<string, DeclaredTable>();
  readonly apiRoutes: readonly ApiRoute[] = [];
  /** Durable jobs by name, as `app.job()` declared them. */
  readonly jobs = new JobRegistry();
  /** `app.api.get("/api/x", handler)`, `.post`, `.put`, `.patch`, `.delete`. */
  readonly api: ApiRegistrar;
  /** The components this app can show: the built-in ones and its packages' (`createApp({ components })`). */
  readonly components: ComponentCatalog;
  /** Callbacks' own access rules, by callback id. */
  readonly #callbackAccess = new Map<string, AccessRequirement>();
  /** Jobs' access rules, by name. */
  readonly #jobAccess = new Map<string, AccessRequirement>();
  #accessPlan: Promise<AccessPlan> | undefined;
  #frozen = false;

  constructor(readonly options: CreateAppOptions<Models>) {
    this.title = options.title ?? "dashbase";
    // With auth on, the user tables are the app's models too, so `dashbase db generate` writes their revision.
    this.models = (authEnabled(options) ? { ...authModels, ...options.models } : (options.models ?? {})) as Models;
    this.seed = options.seed;
    this.migrationsDir = options.migrationsDir;
    this.components = createComponentCatalog(options.components ?? []);
    this.api = createApiRegistrar(this.apiRoutes as ApiRoute[], (what) => this.assertOpen(what));
  }

  /** True once a server was created from this app: its declarations can no longer change. */
  get frozen(): boolean {
    return this.#frozen;
  }

  /** Ends registration; called when a server is created. Registering afterwards throws DASHBASE_E_APP_FROZEN. */
  freeze(): this {
    if (this.#frozen) return this;
    // Background callbacks run as one framework job, whose timeout covers the longest of them.
    const background = this.callbacks.all().filter((callback) => callback.background !== undefined);
    if (background.length > 0 && this.jobs.get(backgroundCallbackJob) === undefined) {
      const longest = Math.max(...background.map((callback) => callback.background?.timeoutMs ?? jobDefaults.timeoutMs));
      this.jobs.addInternal(backgroundCallbackJob, unboundBackgroundCall, { timeoutMs: longest, retries: 2, concurrency: 4 });
    }
    this.#frozen = true;
    return this;
  }

  private assertOpen(what: string): void {
    if (!this.#frozen) return;
    throw new DashbaseError(
      "DASHBASE_E_APP_FROZEN",
      `${what}: the app is frozen because a server was created from it; declare every page, callback, table and API route before createServer()/listen() (at the top level of the app file), so every process serves the same app`,
    );
  }

  /** Adds a page at a path template (`/country/:code`); the layout may be async and read the database. */
  page<Path extends string>(path: Path, options: PageOptions<PathParams<Path>>): this {
    this.assertOpen(`app.page("${String(path)}")`);
    readAccessRule((options as { access?: unknown } | undefined)?.access, `app.page("${String(path)}")`);
    this.pages.add(path, options);
    return this;
  }

  /** The page for paths no page matches (answered with status 404). */
  notFound(layout: LayoutValue | PageOptions): this {
    this.assertOpen("app.notFound()");
    const options =
      typeof layout === "object" && layout !== null && "layout" in layout ? layout : { title: "Not found", layout: layout as LayoutValue };
    this.pages.setNotFound(options);
    return this;
  }

  /**
   * Declares a table whose rows the server pages, sorts and filters (`POST /_dashbase/table/<id>`);
   * show it with `DataTable({ table: ref })`. `where` receives each request's own context.
   * @example
   * const history = app.table("history", { from: models.userPreferences, columns: ["userName", "createdAt"], pageSize: 10 });
   * app.page("/history", { layout: DataTable({ table: history }) });
   */
  table<T extends PgTable>(id: string, spec: TableSpec<T>): TableRef {
    this.assertOpen(`app.table("${String(id)}")`);
    if (this.tables.has(id))
      throw new DashbaseError(
        "DASHBASE_E_APP_INVALID",
        `app.table("${id}"): a table with this id is already declared; expected each id once`,
      );
    const declared = declareTable(id, spec);
    (this.tables as Map<string, DeclaredTable>).set(id, declared);
    return declared.ref;
  }

  /**
   * Declares a durable job: `handler` runs in a worker process with the data given to
   * `enqueue(ref, data)`, retried on failure, and survives restarts (docs/jobs.md).
   * @throws DashbaseError DASHBASE_E_APP_INVALID for a duplicate, malformed or `dashbase.`-reserved name.
   * @example
   * const countWords = app.job<{ text: string }>("count-words", async (data, job) => {
   *   await job.db.query("insert into results (words) values ($1)", [data.text.split(/\s+/).length]);
   * });
   */
  job<Data>(name: string, handler: (data: Data, job: JobContext) => unknown, options?: JobOptions & { access?: AccessRule }): JobRef<Data> {
    this.assertOpen(`app.job("${String(name)}")`);
    const { access, ...jobOptions } = options ?? {};
    const rule = readAccessRule(access, `app.job("${String(name)}")`);
    const ref = this.jobs.add(name, handler, jobOptions);
    if (rule !== undefined) this.#jobAccess.set(ref.name, rule);
    return ref;
  }

  /** Declares one of the framework's own jobs (names starting with `dashbase.`); not for app code. */
  registerInternalJob<Data>(name: string, handler: JobHandler<Data>, options?: JobOptions): JobRef<Data> {
    this.assertOpen(`registerInternalJob("${String(name)}")`);
    return this.jobs.addInternal(name, handler, options);
  }

  /** Registers a callback: `(outputs, inputs, handler, options?)`. */
  callback<const O extends readonly OutputDependency[], const I extends readonly InputDependency[]>(
    outputs: O,
    inputs: I,
    handler: (inputs: ValuesOf<I>, services: CallbackServices) => MaybePromise<OutputValuesOf<O>>,
    options?: CallbackOptions,
  ): CallbackDefinition;
  /** Registers a callback with State: `(outputs, inputs, state, handler, options?)`. */
  callback<
    const O extends readonly OutputDependency[],
    const I extends readonly InputDependency[],
    const S extends readonly StateDependency[],
  >(
    outputs: O,
    inputs: I,
    state: S,
    handler: (inputs: ValuesOf<I>, state: ValuesOf<S>, services: CallbackServices) => MaybePromise<OutputValuesOf<O>>,
    options?: CallbackOptions,
  ): CallbackDefinition;
  callback(outputs: readonly OutputDependency[], inputs: readonly InputDependency[], ...rest: unknown[]): CallbackDefinition {
    this.assertOpen("app.callback()");
    const withState = Array.isArray(rest[0]);
    const state = (withState ? rest[0] : []) as readonly StateDependency[];
    const given = (withState ? rest[1] : rest[0]) as (...args: unknown[]) => unknown;
    const options = (withState ? rest[2] : rest[1]) as CallbackOptions | undefined;
    const handler: RegisteredHandler = withState
      ? (values, states, services) => given(values, states, services)
      : (values, _states, services) => given(values, services);
    if (typeof given !== "function") {
      throw new TypeError(
        `app.callback: expected a handler function ${withState ? "after the state list" : "after the input list"}, found ${typeof given}`,
      );
    }
    const rule = readAccessRule(options?.access, "app.callback()");
    const definition = this.callbacks.add({ outputs, inputs, state, handler, options });
    if (rule !== undefined) this.#callbackAccess.set(definition.id, rule);
    return definition;
  }

  /**
   * Which access rule applies to each page, callback, table, job and topic (own or inherited
   * from protected pages), worked out once the app is frozen.
   */
  accessPlan(): Promise<AccessPlan> {
    if (!this.#frozen) throw new DashbaseError("DASHBASE_E_INTERNAL", "accessPlan(): freeze the app first");
    this.#accessPlan ??= buildAccessPlan({
      pages: this.pages,
      callbacks: this.callbacks.all(),
      callbackAccess: this.#callbackAccess,
      tableAccess: new Map([...this.tables].map(([id, declared]) => [id, declared.access])),
      jobAccess: this.#jobAccess,
    });
    return this.#accessPlan;
  }

  /** Registers a callback that runs in the browser: `(outputs, inputs, clientside(moduleUrl, fn), options?)`. */
  clientCallback<const O extends readonly OutputDependency[], const I extends readonly InputDependency[]>(
    outputs: O,
    inputs: I,
    fn: ClientsideRef<ClientsideHandler<O, I>>,
    options?: ClientCallbackOptions,
  ): CallbackDefinition;
  /**
   * Registers a callback that runs in the browser, with State: `(outputs, inputs, state, clientside(moduleUrl, fn), options?)`.
   * It takes part in the page's callback graph as a server callback does (same ordering, `noUpdate`,
   * `PreventUpdate`, `ctx.triggered`), but makes no request. See docs/apps.md, "Clientside callbacks".
   * @example
   * import { double } from "./clientside.ts";
   * app.clientCallback([Output<number>("twice", "children")], [Input<number>("n", "value", { initial: 0 })],
   *   clientside(new URL("./clientside.ts", import.meta.url), double));
   */
  clientCallback<
    const O extends readonly OutputDependency[],
    const I extends readonly InputDependency[],
    const S extends readonly StateDependency[],
  >(
    outputs: O,
    inputs: I,
    state: S,
    fn: ClientsideRef<ClientsideStateHandler<O, I, S>>,
    options?: ClientCallbackOptions,
  ): CallbackDefinition;
  clientCallback(outputs: readonly OutputDependency[], inputs: readonly InputDependency[], ...rest: unknown[]): CallbackDefinition {
    this.assertOpen("app.clientCallback()");
    const withState = Array.isArray(rest[0]);
    const state = (withState ? rest[0] : []) as readonly StateDependency[];
    const ref = withState ? rest[1] : rest[0];
    const options = (withState ? rest[2] : rest[1]) as CallbackOptions | undefined;
    if (!isClientsideRef(ref)) {
      throw new TypeError(
        `app.clientCallback: expected clientside(new URL("./clientside.ts", import.meta.url), fn) ${withState ? "after the state list" : "after the input list"}, found ${typeof ref === "function" ? "a function (wrap it in clientside(moduleUrl, fn))" : typeof ref}`,
      );
    }
    return this.callbacks.add({ outputs, inputs, state, handler: runsInTheBrowser, options, clientside: { ref, withState } });
  }

  /**
   * Checks the callbacks against each other and the static layouts.
   * @throws DashbaseError DASHBASE_E_APP_INVALID listing every problem (expected vs found).
   */
  async validate(): Promise<void> {
    await assertValidApp(this.pages, this.callbacks, this.options.callbacks?.allowDynamicIds === true);
    if (
      this.#frozen &&
      !authEnabled(this.options) &&
      ((await this.accessPlan()).any || this.apiRoutes.some((route) => route.access !== undefined))
    ) {
      throw new DashbaseError(
        "DASHBASE_E_APP_INVALID",
        "the app declares access rules but has no users, so nobody could ever pass them; turn users on with createApp({ auth: {} }) (docs/access.md)",
      );
    }
  }
}
