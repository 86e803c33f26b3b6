/**
 * @module
 * Opening what a running app stands on: the database (with dashbase's own tables), the per-user
 * store and the session manager; and closing them again in the right order.
 */
import type { Settings } from "../config/settings.js";
import { createDatabase } from "../db/create-database.js";
import type { Database } from "../db/database.js";
import { ensureInternalSchema } from "../models/internal-tables.js";
// Types only: the queue itself (and pg-boss) loads only for an app with jobs.
import type { JobQueueOptions } from "../jobs/job-queue.js";
import type { JobRegistry } from "../jobs/job-registry.js";
import type { WorkerTimings } from "../jobs/job-worker.js";
import type { JobHandler } from "../jobs/job-types.js";
import { sessionLevelSettings } from "../config/session-level-settings.js";
import { createSessionManager, type SessionManager } from "../session/session-manager.js";
import { resolveSessionSecret } from "../session/session-secret.js";
import { createStore } from "../store/create-store.js";
import type { Store } from "../store/store.js";
import type { AppServices } from "./app-core.js";
import type { CreateAppOptions } from "./app-options.js";
import { cacheSessions } from "./session-cache.js";
import { authEnabled } from "../auth/auth-options.js";
import { withSessionUsers } from "../auth/session-users.js";
import { createUserDirectory } from "../auth/user-directory.js";
import { openPushHub } from "../push/open-push-hub.js";
import type { PushHub } from "../push/push-hub.js";

/** Sessions carry their `user` when the app has auth; without it they never have one to read. */
function withUsersWhenAuth(options: CreateAppOptions, db: Database, sessions: SessionManager): SessionManager {
  return authEnabled(options) ? withSessionUsers(sessions, createUserDirectory(db)) : sessions;
}

/** Parts a caller (a test, the benchmark) may provide instead of having them opened. */
export interface ServiceOverrides {
  db?: Database;
  store?: Store;
  sessions?: SessionManager;
  /** Timings of the job worker (tests shorten them). */
  jobTimings?: Partial<WorkerTimings>;
  push?: PushHub;
}

/** The app's declared jobs, and this process's own handlers of framework jobs (built on the opened services). */
export interface AppJobs {
  readonly registry: JobRegistry;
  readonly handlers?: (opened: { db: Database; store: Store; push: PushHub }) => ReadonlyMap<string, JobHandler<never>>;
  /** Refuses a job a handler may not enqueue for its user (the app's access rules). */
  readonly guard?: JobQueueOptions["guard"];
}

export interface OpenedServices extends AppServices {
  close(): Promise<void>;
}

/**
 * Opens the database, store and sessions the options and settings call for, and the job queue
 * when `jobs` declares any (with workers unless DASHBASE_JOBS_WORKERS=false).
 * @example
 * const services = await openServices(options, loadSettings(), {});
 */
export async function openServices(
  options: CreateAppOptions,
  settings: Settings,
  overrides: ServiceOverrides,
  jobs?: AppJobs,
): Promise<OpenedServices> {
  const given = overrides.db ?? options.db?.handle;
  const db =
    given ??
    (await createDatabase({
      settings: options.db?.settings ?? settings.database,
      ...(options.db?.template === undefined ? {} : { template: options.db.template }),
    }));
  try {
    await ensureInternalSchema(db);
    // The app's options first, then the environment (DASHBASE_STORE_MAX_*_PER_OWNER), then the store's defaults.
    const { maxValueBytes } = options.store ?? {};
    const maxKeysPerOwner = options.store?.maxKeysPerOwner ?? settings.server.storeMaxKeysPerOwner;
    const maxBytesPerOwner = options.store?.maxBytesPerOwner ?? settings.server.storeMaxBytesPerOwner;
    const store =
      overrides.store ??
      createStore(
        { db },
        {
          ...(maxValueBytes === undefined ? {} : { maxValueBytes }),
          ...(maxKeysPerOwner === undefined ? {} : { maxKeysPerOwner }),
          ...(maxBytesPerOwner === undefined ? {} : { maxBytesPerOwner }),
        },
      );
    const secret = options.session?.secret ?? (overrides.sessions === undefined ? await resolveSessionSecret(settings) : "");
    const sessions =
      overrides.sessions ??
      cacheSessions(
        withUsersWhenAuth(
          options,
          db,
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
        ),
        options.session?.cacheMs ?? 1000,
      );
    // LISTEN goes to the database the handle is on: settings that name another one are not used.
    const dbSettings = options.db?.settings ?? settings.database;
    const push =
      overrides.push ??
      (await openPushHub(
        db,
        dbSettings.kind === "postgres" && dbSettings.displayUrl === db.location ? sessionLevelSettings(dbSettings) : undefined,
      ));
    const queue =
      jobs === undefined || jobs.registry.size === 0
        ? undefined
        : // pg-boss loads only for an app that declares jobs (issue 15: start-up time and memory).
          await (
            await import("../jobs/job-queue.js")
          ).JobQueue.open({
            db,
            registry: jobs.registry,
            store,
            ...(authEnabled(options) ? { users: createUserDirectory(db) } : {}),
            ...(settings.appEnv === undefined ? {} : { env: settings.appEnv }),
            workers: settings.server.jobWorkers !== false,
            ...(overrides.jobTimings === undefined ? {} : { timings: overrides.jobTimings }),
            ...(jobs.handlers === undefined ? {} : { handlers: jobs.handlers({ db, store, push }) }),
            ...(jobs.guard === undefined ? {} : { guard: jobs.guard }),
          });
    return {
      db,
      store,
      sessions,
      push,
      ...(queue === undefined ? {} : { jobs: queue }),
      async close() {
        // Jobs first: running handlers still use the database and the store.
        await queue?.stop();
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
