/**
 * @module
 * Testing an app without a browser or a port: the app served on a fresh in-memory embedded
 * database (its migrations applied, its seed run when asked), and browser-like visitors that keep
 * their session cookie and CSRF token and speak the wire protocol through Fastify's `inject()`.
 */
import type { LightMyRequestResponse } from "fastify";
import { loadSettings } from "../config/load-settings.js";
import type { Settings } from "../config/settings.js";
import { createDatabase } from "../db/create-database.js";
import type { Database } from "../db/database.js";
import { createMigrator } from "../migrations/migrator.js";
import { idKey } from "../protocol/ids.js";
import { callbackPath, csrfHeader, layoutPath, persistPath, tablePath } from "../protocol/endpoints.js";
import type { AppServer, DashbaseApp } from "../runtime/dashbase-app.js";

export interface TestAppOptions {
  /** A database to use instead of a fresh in-memory one (it is not closed). */
  db?: Database;
  /** Settings instead of the test profile with an in-memory embedded database. */
  settings?: Settings;
  /** Apply the app's migrations first (default true when the app has a migrations folder). */
  migrate?: boolean;
  /** The migrations folder (default: the app's `migrationsDir`; none: no migrations are applied). */
  migrationsDir?: string;
  /** Run the app's seed after migrating (default false). */
  seed?: boolean;
}

/** One answer, its JSON body parsed when it has one. */
export interface TestAnswer {
  readonly status: number;
  readonly headers: LightMyRequestResponse["headers"];
  readonly body: unknown;
  readonly text: string;
}

/** One property of one component in a callback request. */
export interface TestDependency {
  id: string | Readonly<Record<string, string | number | boolean>>;
  property: string;
  value?: unknown;
}

interface ListedCallback {
  id: string;
  outputs: Array<{ id: unknown; property: string }>;
}

function answerOf(response: LightMyRequestResponse): TestAnswer {
  const type = String(response.headers["content-type"] ?? "");
  let body: unknown = response.body;
  if (type.includes("application/json") && response.body !== "") body = JSON.parse(response.body) as unknown;
  return { status: response.statusCode, headers: response.headers, body, text: response.body };
}

/**
 * A visitor with its own browser session.
 * @example
 * const visitor = await test.visitor("/");
 * const answer = await visitor.callback({ outputs: [{ id: "out", property: "children" }], inputs: [{ id: "in", property: "value", value: "Ada" }] });
 */
export class TestVisitor {
  #cookie: string | undefined;
  #csrf: string | undefined;
  #dependencies: ListedCallback[] = [];

  constructor(private readonly server: AppServer) {}

  /** Loads a page the way a browser does and keeps its cookie, CSRF token and callback list; answers the page's boot data. */
  async open(url = "/"): Promise<{ status: number; boot: Record<string, unknown> }> {
    const answer = await this.get(url);
    const match = /<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(answer.text);
    if (match === null) throw new Error(`GET ${url} answered ${answer.status} without a page: ${answer.text.slice(0, 200)}`);
    const boot = JSON.parse(match[1]!) as Record<string, unknown>;
    this.#csrf = boot["csrfToken"] as string;
    this.#dependencies = (boot["dependencies"] ?? []) as ListedCallback[];
    return { status: answer.status, boot };
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<TestAnswer> {
    return this.#send("GET", url, undefined, headers);
  }

  /** POSTs JSON with this visitor's cookie and CSRF token (open a page first). */
  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<TestAnswer> {
    return this.#send("POST", url, body, { ...(this.#csrf === undefined ? {} : { [csrfHeader]: this.#csrf }), ...headers });
  }

  /** The layout of a page, as the renderer fetches it on navigation. */
  layout(path: string): Promise<TestAnswer> {
    return this.get(`${layoutPath}?path=${encodeURIComponent(path)}`);
  }

  /** Fires a callback: found by its first output unless `callbackId` is given; `changed` lists the inputs that changed (default all). */
  callback(call: {
    outputs: TestDependency[];
    inputs: TestDependency[];
    state?: TestDependency[];
    callbackId?: string;
    changed?: string[];
    /** The outputs that are server-persisted props (`<id>.<property>`), as the renderer lists them. */
    persist?: string[];
  }): Promise<TestAnswer> {
    const first = call.outputs[0];
    const callbackId =
      call.callbackId ??
      this.#dependencies.find((dep) =>
        dep.outputs.some(
          (output) => idKey(output.id as TestDependency["id"]) === (first && idKey(first.id)) && output.property === first?.property,
        ),
      )?.id;
    if (callbackId === undefined)
      throw new Error("callback: no callback of the opened page writes that output; open the page first or pass callbackId");
    const changedPropIds = call.changed ?? call.inputs.map((input) => `${idKey(input.id)}.${input.property}`);
    return this.post(callbackPath, {
      callbackId,
      outputs: call.outputs,
      inputs: call.inputs,
      state: call.state ?? [],
      changedPropIds,
      ...(call.persist === undefined ? {} : { persist: call.persist }),
    });
  }

  /** One page of a declared table. */
  table(
    id: string,
    request: {
      page?: number;
      pageSize?: number;
      sortBy?: Array<{ column: string; direction: "asc" | "desc" }>;
      filter?: Record<string, string>;
      path?: string;
    } = {},
  ): Promise<TestAnswer> {
    return this.post(tablePath(id), request);
  }

  /** Saves a persisted prop as the renderer does when the user changes it. */
  persist(id: TestDependency["id"], property: string, value: unknown): Promise<TestAnswer> {
    return this.post(persistPath, { id, property, value });
  }

  async #send(method: "GET" | "POST", url: string, body: unknown, headers: Record<string, string>): Promise<TestAnswer> {
    const response = await this.server.fastify.inject({
      method,
      url,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(this.#cookie === undefined ? {} : { cookie: this.#cookie }),
        ...headers,
      },
    });
    const setCookie = response.headers["set-cookie"];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first !== undefined) this.#cookie = first.split(";")[0];
    return answerOf(response);
  }
}

export interface TestApp {
  readonly server: AppServer;
  readonly db: Database;
  /** A new visitor (a browser of its own); opens `url` first when given. */
  visitor(url?: string): Promise<TestVisitor>;
  close(): Promise<void>;
}

/**
 * Serves `app` for a test on a fresh in-memory embedded database.
 * @example
 * import { openTestApp } from "dashbase/testing";
 * const test = await openTestApp(app);
 * const visitor = await test.visitor("/");
 * await test.close();
 */
export async function openTestApp(app: DashbaseApp, options: TestAppOptions = {}): Promise<TestApp> {
  const settings =
    options.settings ??
    loadSettings({
      env: {
        DASHBASE_ENV: "test",
        SESSION_SECRET: "dashbase-test-secret-".padEnd(48, "x"),
        DASHBASE_DATABASE: "embedded",
        DASHBASE_DATA_DIR: ":memory:",
      },
    });
  const db = options.db ?? (await createDatabase({ settings: settings.database }));
  try {
    const dir = options.migrationsDir ?? app.migrationsDir;
    if (dir !== undefined && options.migrate !== false) {
      const report = await createMigrator(db, { dir }).upgrade();
      if (report.failure !== undefined)
        throw new Error(`openTestApp: the migrations did not apply: ${report.failure.code}: ${report.failure.message}`);
    }
    if (options.seed === true) await app.seed?.(db);
    const server = await app.createServer({ db, settings });
    return {
      server,
      db,
      async visitor(url) {
        const visitor = new TestVisitor(server);
        if (url !== undefined) await visitor.open(url);
        return visitor;
      },
      async close() {
        await server.close();
        if (options.db === undefined) await db.close();
      },
    };
  } catch (error) {
    if (options.db === undefined) await db.close();
    throw error;
  }
}
