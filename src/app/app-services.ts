/**
 * @module
 * Opening what a running app stands on: the database (with dashbase's own tables), the per-user
 * store and the session manager; and closing them again in the right order.
 */
import type { Settings } from "../config/settings.js";
import { createDatabase } from "../db/create-database.js";
import type { Database } from "../db/database.js";
import { ensureInternalSchema } from "../models/internal-tables.js";
import { createSessionManager, type SessionManager } from "../session/session-manager.js";
import { resolveSessionSecret } from "../session/session-secret.js";
import { createStore } from "../store/create-store.js";
import type { Store } from "../store/store.js";
import type { AppServices } from "./app-core.js";
import type { CreateAppOptions } from "./app-options.js";
import { cacheSessions } from "./session-cache.js";
import { openPushHub } from "../push/open-push-hub.js";
import type { PushHub } from "../push/push-hub.js";

/** Parts a caller (a test, the benchmark) may provide instead of having them opened. */
export interface ServiceOverrides {
  db?: Database;
  store?: Store;
  sessions?: SessionManager;
  push?: PushHub;
}

export interface OpenedServices extends AppServices {
  close(): Promise<void>;
}

/**
 * Opens the database, store and sessions the options and settings call for.
 * @example
 * const services = await openServices(options, loadSettings(), {});
 */
export async function openServices(options: CreateAppOptions, settings: Settings, overrides: ServiceOverrides): Promise<OpenedServices> {
  const given = overrides.db ?? options.db?.handle;
  const db =
    given ??
    (await createDatabase({
      settings: options.db?.settings ?? settings.database,
      ...(options.db?.template === undefined ? {} : { template: options.db.template }),
    }));
  try {
    await ensureInternalSchema(db);
    const store =
      overrides.store ??
      createStore({ db }, options.store?.maxValueBytes === undefined ? {} : { maxValueBytes: options.store.maxValueBytes });
    const secret = options.session?.secret ?? (overrides.sessions === undefined ? await resolveSessionSecret(settings) : "");
    const sessions =
      overrides.sessions ??
      cacheSessions(
        createSessionManager(
          { db },
          {
            secret,
            // An ended anonymous session's store values go with it; a signed-in user's stay.
            onOwnersEnded: (owners) => store.deleteOwners(owners),
            ...(options.session?.maxAgeMs === undefined ? {} : { maxAgeMs: options.session.maxAgeMs }),
            ...(options.session?.cookieName === undefined ? {} : { cookieName: options.session.cookieName }),
          },
        ),
        options.session?.cacheMs ?? 1000,
      );
    // LISTEN goes to the database the handle is on: settings that name another one are not used.
    const dbSettings = options.db?.settings ?? settings.database;
    const push =
      overrides.push ??
      (await openPushHub(db, dbSettings.kind === "postgres" && dbSettings.displayUrl === db.location ? dbSettings : undefined));
    return {
      db,
      store,
      sessions,
      push,
      async close() {
        await Promise.allSettled([
          overrides.push === undefined ? push.close() : undefined,
          overrides.sessions === undefined ? sessions.close() : undefined,
          overrides.store === undefined ? store.close() : undefined,
        ]);
        if (given === undefined) await db.close();
      },
    };
  } catch (error) {
    if (given === undefined) await db.close();
    throw error;
  }
}
