/**
 * @module
 * The running app without HTTP: pages rendered for a session (persisted values applied, query
 * tables registered), callbacks dispatched, persisted values saved, table pages answered, health.
 * The Fastify server maps requests onto these methods; tests may call them directly.
 */
import type { Database, HealthReport } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { dispatchCallback, type DispatchResult } from "../callbacks/callback-dispatch.js";
import type { CallbackRegistry, CallbackSpec } from "../callbacks/callback-registry.js";
import type { RequestSession } from "../callbacks/callback-context.js";
import type { TableBinding } from "../layout/data-table.js";
import { summarizeLayout, type LayoutValue } from "../layout/layout-walk.js";
import type { PageRegistry } from "../pages/page-registry.js";
import { renderPage, staticLayouts } from "../pages/page-render.js";
import type { SessionManager } from "../session/session-manager.js";
import type { OwnerStore, Store } from "../store/store.js";
import { applyPersistedValues, readPersistList, saveCallbackOutputs, savePersistedValue } from "./server-persistence.js";
import { runTableQuery, type TablePage } from "./table-query.js";

export interface AppServices {
  readonly db: Database;
  readonly store: Store;
  readonly sessions: SessionManager;
}

/** A page as the wire carries it. */
export interface PreparedPage {
  status: 200 | 404;
  title: string;
  path: string;
  layout: LayoutValue;
}

export interface AppRegistries {
  readonly title: string;
  readonly pages: PageRegistry;
  readonly callbacks: CallbackRegistry;
  /** Query-bound DataTables by id, filled as layouts are rendered. */
  readonly tables: Map<string, TableBinding>;
}

/**
 * The transport-free core of a running app.
 * @example
 * const core = new AppCore(registries, { db, store, sessions });
 * const page = await core.render("/country/fr", session);
 */
export class AppCore {
  private specsCache: CallbackSpec[] | undefined;

  constructor(readonly registries: AppRegistries, readonly services: AppServices) {}

  /** The store bound to the session's owner (the default namespace). */
  storeFor(session: RequestSession): OwnerStore {
    return this.services.store.forOwner(session.owner);
  }

  /** Registers the query-bound tables of a layout and returns its ids summary. */
  private register(layout: LayoutValue): ReturnType<typeof summarizeLayout> {
    const summary = summarizeLayout(layout);
    for (const table of summary.tables) this.registries.tables.set(table.id, table);
    return summary;
  }

  /** Renders `url` for `session`: its layout with this owner's persisted values. */
  async render(url: string, session: RequestSession): Promise<PreparedPage> {
    const store = this.storeFor(session);
    const page = await renderPage(this.registries.pages, url, { db: this.services.db, session, store }, this.registries.title);
    const summary = this.register(page.layout);
    const layout = await applyPersistedValues(page.layout, store, summary);
    return { status: page.status, title: page.title, path: page.path, layout };
  }

  /** Every callback, as the renderer lists them. */
  dependencies(): CallbackSpec[] {
    this.specsCache ??= this.registries.callbacks.specs();
    return this.specsCache;
  }

  /**
   * Runs a callback request; the values it returns for outputs the request lists in `persist`
   * (server-persisted props) are saved for the session, as a user's edit would be.
   * `unsaved` names persisted outputs whose value the store could not keep.
   */
  async dispatch(body: unknown, session: RequestSession, requestId: string): Promise<DispatchResult & { unsaved?: string[] }> {
    const persistKeys = readPersistList(body);
    const store = this.storeFor(session);
    const result = await dispatchCallback(this.registries.callbacks, body, { db: this.services.db, store, session }, requestId);
    if (result.kind !== "update") return result;
    const unsaved = await saveCallbackOutputs(store, persistKeys, result.response);
    return unsaved.length === 0 ? result : { ...result, unsaved };
  }

  persist(body: unknown, session: RequestSession): Promise<void> {
    return savePersistedValue(this.storeFor(session), body);
  }

  /** A page of a query-bound DataTable. A table not seen since startup is looked for in the static layouts. */
  async table(id: string, body: unknown, session: RequestSession): Promise<TablePage> {
    let binding = this.registries.tables.get(id);
    if (binding === undefined) {
      for (const layout of (await staticLayouts(this.registries.pages)).layouts) this.register(layout);
      binding = this.registries.tables.get(id);
    }
    if (binding === undefined) {
      throw new DashbaseError("DASHBASE_E_NOT_FOUND", `no DataTable bound to a query with id "${id.slice(0, 100)}"; expected the id of a DataTable({ id, query }) in a page this server rendered`);
    }
    return runTableQuery(this.services.db, binding, body, session);
  }

  health(): Promise<HealthReport> {
    return this.services.db.health();
  }
}
