/**
 * @module
 * The running app without HTTP: pages rendered for a session (persisted values applied),
 * callbacks dispatched, persisted values saved, declared tables' pages answered, health.
 * The Fastify server maps requests onto these methods; tests may call them directly.
 */
import type { AppEnv } from "../config/settings.js";
import type { Database, HealthReport } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { tabIdPattern } from "../protocol/endpoints.js";
import { idKey } from "../protocol/ids.js";
import { prepareCall, runPreparedCall, type DispatchResult } from "../callbacks/callback-dispatch.js";
import { backgroundCallbackJob, backgroundCallData } from "../callbacks/background-call.js";
import type { CallbackSpec } from "../callbacks/callback-registry.js";
import type { RequestSession } from "../callbacks/callback-context.js";
import { summarizeLayout, type LayoutValue } from "../layout/layout-walk.js";
import { renderPage, splitUrl, type PageMeta, type RenderedPage } from "../pages/page-render.js";
import { constantTimeEqual } from "../session/session-cookie.js";
import type { SessionManager } from "../session/session-manager.js";
import type { OwnerStore, Store } from "../store/store.js";
import { applyPersistedValues, saveCallbackOutputs, savePersistedValue } from "./server-persistence.js";
import { ensureSessionRow, storeWithoutRow } from "./session-row.js";
import type { DeclaredTable, TableContext } from "../tables/declared-table.js";
import { exportTableCsv } from "../tables/table-export.js";
import { parseTableEdit, writeTableEdit, type TableEdit, type TableEditResult } from "../tables/table-edit.js";
import { and, type SQL } from "drizzle-orm";
import { ownedBy } from "../auth/row-owner.js";
import { runTableQuery, type TablePage } from "../tables/table-query.js";
import type { AppDefinition } from "./app-definition.js";
import { enqueueFor } from "../jobs/enqueue-binding.js";
import type { Enqueue } from "../jobs/job-types.js";
import type { JobQueue } from "../jobs/job-queue.js";
import type { PushHub } from "../push/push-hub.js";
import { publisherFor, type Publish } from "../push/session-publisher.js";
import { topicsOf } from "../push/topic.js";
import { accessRefusal, assertAccess } from "../auth/access-rule.js";
import { signInLocation } from "../auth/auth-paths.js";
import { authOptionsOf } from "../auth/auth-options.js";
import { forbiddenLayout } from "../auth/forbidden-page.js";

const noAppEnv: AppEnv = Object.freeze({});

/** Background calls this process started that it remembers for `cancelStartedHere` (the oldest are forgotten). */
const maxStartedHere = 1000;

/** Who started a background call, as this process remembers it (never written to the job row). */
interface StartedHere {
  readonly sessionId: string;
  readonly csrfToken: string;
  readonly owner: string;
}

export interface AppServices {
  readonly db: Database;
  readonly store: Store;
  readonly sessions: SessionManager;
  /** The app's own environment variables (`createApp({ env })`), handed to every handler; empty when absent. */
  readonly env?: AppEnv;
  /** The durable job queue (absent when the app declares no jobs). */
  readonly jobs?: JobQueue;
  /** The process's push hub (`openServices` opens one); without it `publish` throws. */
  readonly push?: PushHub;
}

/** A page as the wire carries it. */
export interface PreparedPage {
  /** 403: the page's access rule refused a signed-in user (the layout says so). */
  status: 200 | 403 | 404;
  title: string;
  path: string;
  layout: LayoutValue;
  /** Description and Open Graph image for the page's `<head>`. */
  meta: PageMeta;
  /** The page is elsewhere (a `redirectFrom` path, or a layout's `redirect()`): a path of the app. */
  redirect?: RenderedPage["redirect"];
}

/**
 * The transport-free core of a running app.
 * @example
 * const core = new AppCore(app.freeze(), { db, store, sessions });
 * const page = await core.render("/country/fr", session);
 */
export class AppCore {
  private specsCache: CallbackSpec[] | undefined;
  private topicsCache: Map<string, boolean> | undefined;
  private offersPushCache: boolean | undefined;
  /** Background calls started through this core, by job id (see `cancelStartedHere`). */
  readonly #startedHere = new Map<string, StartedHere>();

  /** `definition` must be frozen: what this core answers for cannot change while it runs. */
  constructor(
    readonly definition: AppDefinition,
    readonly services: AppServices,
  ) {
    if (!definition.frozen) throw new TypeError("AppCore: expected a frozen app definition (call app.freeze() first)");
  }

  /** The app's own environment variables, as handlers receive them. */
  get env(): AppEnv {
    return this.services.env ?? noAppEnv;
  }

  /**
   * The store bound to the session's owner (the default namespace). For a session without a row
   * its first write gives the session its row, so that the values go when the session ends.
   */
  storeFor(session: RequestSession): OwnerStore {
    const bound = this.services.store.forOwner(session.owner);
    return session.persisted !== false ? bound : storeWithoutRow(bound, session, () => this.#ensureRow(session));
  }

  /** Gives the session its row before anything is stored, or queued to be stored, for its owner. */
  #ensureRow(session: RequestSession): Promise<void> {
    return ensureSessionRow(this.services.sessions, session);
  }

  /** `enqueue` bound to the session's owner, as handlers receive it (a job may store for the owner: the session gets its row first). */
  enqueueFor(session: RequestSession): Enqueue {
    // A protected job is refused to a session that fails its rule, before anything is queued.
    const enqueue = enqueueFor(this.services.jobs, session.owner, (name) => this.#assertAccess("job", name, session));
    if (session.persisted !== false || this.services.jobs === undefined) return enqueue;
    return async (job, data, options) => {
      await this.#ensureRow(session);
      return enqueue(job, data, options);
    };
  }

  /**
   * Renders `url` for `session`: its layout with this owner's persisted values. The layout's
   * `db` reads from a replica when there are any (`db.readOnly`); `readAfter` is the session's last
   * write position (`writePosition()`), so it reads its own writes.
   */
  async render(url: string, session: RequestSession, readAfter?: string): Promise<PreparedPage> {
    const refused = await this.#refusedPage(url, session);
    if (refused !== undefined) return refused;
    const store = this.storeFor(session);
    const page = await renderPage(
      this.definition.pages,
      url,
      { db: this.services.db.readOnly({ after: readAfter }), session, store, env: this.env },
      this.definition.title,
    );
    if (page.redirect !== undefined) return page;
    const layout = await applyPersistedValues(page.layout, store, summarizeLayout(page.layout, this.definition.components));
    return { status: page.status, title: page.title, path: page.path, layout, meta: page.meta };
  }

  /**
   * The page's access rule, checked before its layout runs: an anonymous visitor is sent to sign
   * in (302, `next` = this URL), a signed-in user without the role gets the 403 page.
   */
  async #refusedPage(url: string, session: RequestSession): Promise<PreparedPage | undefined> {
    const { path } = splitUrl(url);
    const rule = (await this.definition.accessPlan()).page(this.definition.pages.match(path).page);
    const refusal = accessRefusal(rule, session.user, `page "${path}"`);
    if (refusal === undefined) return undefined;
    if (refusal.code === "DASHBASE_E_SIGN_IN_REQUIRED") {
      const next = url.startsWith("/") ? url : `/${url}`;
      return {
        status: 200,
        title: this.definition.title,
        path,
        layout: null,
        meta: {},
        redirect: { status: 302, location: signInLocation(next, authOptionsOf(this.definition.options)?.signInPage) },
      };
    }
    return { status: 403, title: "Forbidden", path, layout: forbiddenLayout(refusal.message), meta: {} };
  }

  /** Refuses with 401/403 when the session may not use what `rule` protects. */
  async #assertAccess(kind: "callback" | "table" | "job" | "topic", name: string, session: RequestSession): Promise<void> {
    const plan = await this.definition.accessPlan();
    assertAccess(plan[kind](name), session.user, `${kind} "${name.slice(0, 100)}"`);
  }

  /** The topics this session may subscribe to (the page lists only these). */
  async topicsFor(session: RequestSession): Promise<string[]> {
    const plan = await this.definition.accessPlan();
    return [...this.topics.keys()].filter((name) => accessRefusal(plan.topic(name), session.user, "") === undefined);
  }

  /** Throws 401/403 unless the session may subscribe to every topic in `names`. */
  async assertTopics(names: readonly string[], session: RequestSession): Promise<void> {
    for (const name of names) await this.#assertAccess("topic", name, session);
  }

  /** The topics the app's callbacks listen to, each with whether it is per-owner. */
  get topics(): ReadonlyMap<string, boolean> {
    this.topicsCache ??= topicsOf(this.definition.callbacks.all().flatMap((callback) => callback.inputs));
    return this.topicsCache;
  }

  /** Whether pages open the push channel: the app has a hub and something to deliver (topic inputs). */
  get offersPush(): boolean {
    // Asked on every page load; what it depends on is frozen with the app.
    this.offersPushCache ??=
      this.services.push !== undefined &&
      (this.topics.size > 0 || this.definition.callbacks.all().some((callback) => callback.background !== undefined));
    return this.offersPushCache;
  }

  /** `services.publish` for a handler running in `session`. */
  publisherFor(session: RequestSession): Publish {
    return publisherFor(this.services.push, this.topics, session.owner);
  }

  /** Every callback, as the renderer lists them. */
  dependencies(): CallbackSpec[] {
    this.specsCache ??= this.definition.callbacks.specs();
    return this.specsCache;
  }

  /**
   * Runs a callback request; the values it returns for outputs the request lists in `persist`
   * (server-persisted props) are saved for the session, as a user's edit would be.
   * `unsaved` names persisted outputs whose value the store could not keep.
   */
  async dispatch(
    body: unknown,
    session: RequestSession,
    requestId: string,
    tab?: string,
  ): Promise<(DispatchResult & { unsaved?: string[] }) | { kind: "background"; jobId: string }> {
    // The callback's access rule first: a refused session learns nothing about the body's shape.
    const named = (body as { callbackId?: unknown } | null)?.callbackId;
    if (typeof named === "string" && this.definition.callbacks.get(named) !== undefined)
      await this.#assertAccess("callback", named, session);
    const call = prepareCall(this.definition.callbacks, body);
    if (call.callback.background !== undefined) return this.#startBackground(body, session, requestId, tab);
    const store = this.storeFor(session);
    const result = await runPreparedCall(
      call,
      { db: this.services.db, store, session, env: this.env, enqueue: this.enqueueFor(session), publish: this.publisherFor(session) },
      requestId,
      { onError: this.definition.options.callbacks?.onError },
    );
    if (result.kind !== "update" || result.persist.size === 0) return result;
    const unsaved = await saveCallbackOutputs(store, result.persist, result.response);
    return unsaved.length === 0 ? result : { ...result, unsaved };
  }

  /** Hands a checked background call to its job; the answer reaches `tab` (or the session) over the push channel. */
  async #startBackground(
    body: unknown,
    session: RequestSession,
    requestId: string,
    tab: string | undefined,
  ): Promise<{ kind: "background"; jobId: string }> {
    const jobs = this.services.jobs;
    if (jobs === undefined || this.services.push === undefined) {
      throw new DashbaseError(
        "DASHBASE_E_INTERNAL",
        "a background callback needs the job queue and the push hub, which createServer()/listen() open; this AppCore was built without them",
      );
    }
    const validTab = tab !== undefined && tabIdPattern.test(tab) ? tab : undefined;
    // Its handler stores through the owner's store (and its persisted outputs are saved): the session needs its row.
    await this.#ensureRow(session);
    const jobId = await jobs.enqueue(backgroundCallbackJob, backgroundCallData(body, session, validTab, requestId), {
      owner: session.owner,
    });
    if (this.#startedHere.size >= maxStartedHere) this.#startedHere.delete(this.#startedHere.keys().next().value as string);
    this.#startedHere.set(jobId, { sessionId: session.id, csrfToken: session.csrfToken, owner: session.owner });
    return { kind: "background", jobId };
  }

  /**
   * Cancels a background call this process started, for the session that started it (its signed
   * session id and CSRF token, checked in memory): a run of it in this process has its signal
   * aborted at once, before any query, then the job is cancelled in the queue. Undefined when
   * this process does not know the call or the session is not its starter: use
   * `cancelBackground` then. The embedded database has one connection, so a handler that holds
   * it in a transaction would otherwise keep the cancel request waiting until it had finished.
   */
  cancelStartedHere(jobId: unknown, sessionId: string | undefined, csrfToken: unknown): Promise<boolean> | undefined {
    if (typeof jobId !== "string" || sessionId === undefined || typeof csrfToken !== "string") return undefined;
    const started = this.#startedHere.get(jobId);
    if (started === undefined || started.sessionId !== sessionId || !constantTimeEqual(started.csrfToken, csrfToken)) return undefined;
    this.#startedHere.delete(jobId);
    const abortedNow = this.services.jobs?.abortIfRunning(jobId) ?? false;
    return (async () => ((await this.services.jobs?.cancel(jobId, { owner: started.owner })) ?? false) || abortedNow)();
  }

  /**
   * Cancels one of the session's background callbacks: its handler's signal aborts in whichever
   * process runs it. False when no such job of this owner is queued or running.
   */
  async cancelBackground(jobId: unknown, session: RequestSession): Promise<boolean> {
    if (typeof jobId !== "string" || jobId.length > 100)
      throw new DashbaseError(
        "DASHBASE_E_BAD_REQUEST",
        `cancel: expected { jobId } with the id a background callback answered, found ${JSON.stringify(jobId)?.slice(0, 80)}`,
      );
    this.#startedHere.delete(jobId);
    return (await this.services.jobs?.cancel(jobId, { owner: session.owner })) ?? false;
  }

  /** Saves a persisted value; an id shown on protected pages needs their rule (as its callbacks do). */
  async persist(body: unknown, session: RequestSession): Promise<void> {
    const id = (body as { id?: unknown } | null)?.id;
    if (typeof id === "string" || (typeof id === "object" && id !== null && !Array.isArray(id))) {
      const key = idKey(id as string | Readonly<Record<string, unknown>>);
      assertAccess((await this.definition.accessPlan()).component(key), session.user, `persisted component "${key.slice(0, 100)}"`);
    }
    return savePersistedValue(this.storeFor(session), body);
  }

  /**
   * A page of a declared table. Its `where` gets a context built here, for this request only:
   * the session that sent it and the page it names, parsed against the app's pages. It reads as
   * a layout does (`render`'s `readAfter`).
   */
  async table(id: string, body: unknown, session: RequestSession, readAfter?: string): Promise<TablePage> {
    const declared = this.declaredTable(id);
    await this.#assertAccess("table", id, session);
    const db = this.services.db.readOnly({ after: readAfter });
    return runTableQuery(db, declared, body, this.tableContext(session, db));
  }

  /**
   * The CSV of a declared table's current query (filter and sort, every page), scoped exactly as
   * its pages are (`table`). The request is checked before the first chunk.
   */
  tableCsv(id: string, body: unknown, session: RequestSession, readAfter?: string): AsyncGenerator<string> {
    const declared = this.declaredTable(id);
    const db = this.services.db.readOnly({ after: readAfter });
    const check = () => this.#assertAccess("table", id, session);
    // The rule is checked before the first chunk (the route awaits that before answering).
    return (async function* checked(context): AsyncGenerator<string> {
      await check();
      yield* exportTableCsv(db, declared, body, context);
    })(this.tableContext(session, db));
  }

  /**
   * One cell edit of a declared table, written on the primary: only a column the declaration
   * lists as editable, only the row with that primary key inside the declaration's `where` for
   * this request, and only a value the model's validators accept (else the cell's message).
   */
  async tableEdit(id: string, body: unknown, session: RequestSession): Promise<TableEditResult> {
    const write = await this.resolveTableWrite(id, body, session);
    return writeTableEdit(this.services.db, write.declared, write.edit, write.scope);
  }

  /**
   * The one place a write to a declared table is resolved before it runs: the declaration, the
   * checked request, and the rows this request may write (the declaration's `where` for its own
   * context). Every table write goes through here, so a rule over who may write what is added here.
   * @throws DashbaseError DASHBASE_E_NOT_FOUND (no such table), DASHBASE_E_TABLE_EDIT_REFUSED, DASHBASE_E_TABLE_QUERY.
   */
  private async resolveTableWrite(
    id: string,
    body: unknown,
    session: RequestSession,
  ): Promise<{ declared: DeclaredTable; edit: TableEdit; context: TableContext; scope: SQL | undefined }> {
    const declared = this.declaredTable(id);
    // Whoever may not read the table may not write it: checked before the body is looked at.
    await this.#assertAccess("table", id, session);
    const edit = parseTableEdit(declared, body);
    const context = this.tableContext(session, this.services.db)(edit.path);
    // Owned rows: only the session's own, whatever the declaration's where says.
    const scopes = [declared.owner === undefined ? undefined : ownedBy(declared.owner, session), declared.where?.(context)];
    return { declared, edit, context, scope: and(...scopes.filter((scope) => scope !== undefined)) };
  }

  private declaredTable(id: string): DeclaredTable {
    const declared = this.definition.tables.get(id);
    if (declared === undefined) {
      throw new DashbaseError(
        "DASHBASE_E_NOT_FOUND",
        `no table declared with id "${id.slice(0, 100)}"; expected the id of an app.table(id, ...) declaration`,
      );
    }
    return declared;
  }

  /** A table's `where` gets a context built for one request only: its session and the page it names. */
  private tableContext(session: RequestSession, db: Database): (url: string) => TableContext {
    return (url: string): TableContext => {
      const { path, query } = splitUrl(url);
      return Object.freeze({ session, userId: session.userId, path, params: this.definition.pages.match(path).params, query, db });
    };
  }

  /**
   * Where the primary's WAL stands after a request that may have written, for the session's next
   * reads (`render`'s `readAfter`); undefined without read replicas.
   */
  writePosition(): Promise<string | undefined> {
    return this.services.db.writePosition();
  }

  health(): Promise<HealthReport> {
    return this.services.db.health();
  }
}
