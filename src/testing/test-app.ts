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
import { randomUUID } from "node:crypto";
import { errorCodes, type ErrorCode } from "../errors/error-codes.js";
import {
  callbackPath,
  cancelPath,
  csrfHeader,
  layoutPath,
  persistPath,
  pushPollPath,
  tabHeader,
  tablePath,
  tableEditPath,
} from "../protocol/endpoints.js";
import type { CallbackPushMessage } from "../protocol/messages.js";
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
  /**
   * A background callback followed to its end: its job and the progress and setProps reports
   * that came before the answer. The answer itself is then shaped as an ordinary callback's
   * (200 with `{ response }`, or the error answer's status and body); a cancelled one is a 204.
   */
  readonly background?: { readonly jobId: string; readonly reports: readonly Record<string, Record<string, unknown>>[] };
}

/** A message of the push channel, as a tab receives it. */
export type PushedMessage = { readonly id: number; readonly kind: string; readonly [key: string]: unknown };

/** How long `callback()` follows a background callback before giving up (default 30 s). */
export interface FollowOptions {
  /** false: answer the 202 as it came, without following the job. */
  readonly follow?: boolean;
  readonly timeoutMs?: number;
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
  #pushAfter: number | undefined;
  /** Messages read before anyone asked for them (when a callback opened the channel). */
  readonly #unread: PushedMessage[] = [];
  constructor(
    private readonly server: AppServer,
    /** This visitor's tab id, sent with every callback as the browser sends its own. */
    readonly tab: string = randomUUID().replace(/-/g, ""),
  ) {}

  /**
   * This tab reloaded: the same session cookie and tab id (a browser keeps it in sessionStorage),
   * its push channel opened afresh, as a new page load opens it.
   */
  reopened(): TestVisitor {
    const tab = new TestVisitor(this.server, this.tab);
    tab.#cookie = this.#cookie;
    tab.#csrf = this.#csrf;
    tab.#dependencies = this.#dependencies;
    return tab;
  }

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

  /** The `name=value` of this visitor's session cookie, once it has one. */
  get sessionCookie(): string | undefined {
    return this.#cookie;
  }

  /** Carries on with another session: its `name=value` cookie and CSRF token (see `signIn`). */
  useSession(cookie: string, csrfToken: string): void {
    this.#cookie = cookie;
    this.#csrf = csrfToken;
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
  async callback(
    call: {
      outputs: TestDependency[];
      inputs: TestDependency[];
      state?: TestDependency[];
      callbackId?: string;
      changed?: string[];
      /** The outputs that are server-persisted props (`<id>.<property>`), as the renderer lists them. */
      persist?: string[];
    } & FollowOptions,
  ): Promise<TestAnswer> {
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
    // A page opens its channel when it loads, before any callback: so does this tab.
    if (this.#pushAfter === undefined) this.#unread.push(...(await this.#poll()));
    const answer = await this.post(
      callbackPath,
      {
        callbackId,
        outputs: call.outputs,
        inputs: call.inputs,
        state: call.state ?? [],
        changedPropIds,
        ...(call.persist === undefined ? {} : { persist: call.persist }),
      },
      { [tabHeader]: this.tab },
    );
    const jobId = (answer.body as { background?: { jobId?: unknown } } | null)?.background?.jobId;
    if (answer.status !== 202 || typeof jobId !== "string" || call.follow === false) return answer;
    return this.followJob(jobId, call.timeoutMs);
  }

  /**
   * Follows a background callback through this tab's push messages until its final one, and
   * answers it as an ordinary callback's answer (with `background.reports` in order).
   */
  async followJob(jobId: string, timeoutMs = 30_000): Promise<TestAnswer> {
    const reports: Record<string, Record<string, unknown>>[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const message of await this.pushMessages("callback")) {
        const pushed = message as unknown as CallbackPushMessage;
        if (pushed.jobId !== jobId) continue;
        if (pushed.phase === "progress") {
          reports.push(pushed.response as Record<string, Record<string, unknown>>);
          continue;
        }
        const background = { jobId, reports };
        if (pushed.phase === "cancelled") return { status: 204, headers: {}, body: undefined, text: "", background };
        if (pushed.phase === "error") {
          const code = pushed.error?.code as ErrorCode | undefined;
          const status = code !== undefined && code in errorCodes ? ((errorCodes[code] as { status?: number }).status ?? 500) : 500;
          const body = { error: pushed.error };
          return { status, headers: {}, body, text: JSON.stringify(body), background };
        }
        const body = { response: pushed.response ?? {} };
        return { status: 200, headers: {}, body, text: JSON.stringify(body), background };
      }
      if (Date.now() > deadline) throw new Error(`followJob: background callback ${jobId} sent no final message within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * The push messages that reached this visitor's tab since the last call (of `kind`, when
   * given), through the channel's polling endpoint; the first call also receives what the
   * session's closed tabs never did, as a page load does.
   */
  async pushMessages(kind?: string): Promise<PushedMessage[]> {
    const messages = [...this.#unread.splice(0), ...(await this.#poll())];
    return kind === undefined ? messages : messages.filter((message) => message.kind === kind);
  }

  async #poll(): Promise<PushedMessage[]> {
    const after = this.#pushAfter === undefined ? "" : `&after=${this.#pushAfter}`;
    const answer = await this.get(`${pushPollPath}?tab=${this.tab}${after}`);
    if (answer.status !== 200) throw new Error(`push poll answered ${answer.status}: ${answer.text.slice(0, 200)}`);
    const { messages, last } = answer.body as { messages: PushedMessage[]; last: number };
    this.#pushAfter = last;
    return messages;
  }

  /** Cancels one of this visitor's background callbacks, as its cancel input does in the page. */
  cancel(jobId: string): Promise<TestAnswer> {
    return this.post(cancelPath, { jobId });
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

  /** Edits one cell of a declared table, as the DataTable does when the user saves a cell. */
  tableEdit(id: string, edit: { rowId: unknown; column: unknown; value: unknown; path?: string }): Promise<TestAnswer> {
    return this.post(tableEditPath(id), edit);
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
