/**
 * @module
 * Opening the process's push hub over the app's database: LISTEN/NOTIFY on a PostgreSQL server
 * (one listening connection, settings from listen-settings.ts), an in-process notifier on the
 * embedded database (one process owns its data directory).
 */
import type { DatabaseSettings } from "../config/settings.js";
import type { Database } from "../db/database.js";
import { listenConnectionSettings } from "./listen-settings.js";
import { PushHub, type PushHubOptions } from "./push-hub.js";
import { memoryNotifier } from "./push-notifier.js";

/**
 * Opens the hub for `db`. `settings` are the database's connection settings; without server
 * settings for a server database (a handle passed in by hand), the hub notifies in-process only,
 * which serves a single process.
 * @example
 * const hub = await openPushHub(db, settings.database);
 */
export async function openPushHub(
  db: Database,
  settings: DatabaseSettings | undefined,
  options: Pick<PushHubOptions, "retentionMs" | "pruneIntervalMs" | "onError"> = {},
): Promise<PushHub> {
  const notifier =
    db.driver === "postgres" && settings?.kind === "postgres"
      ? await (
          await import("./pg-notifier.js")
        ).PgNotifier.open({
          connection: listenConnectionSettings(settings),
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        })
      : memoryNotifier();
  try {
    return await PushHub.open({ db, notifier, ...options });
  } catch (error) {
    await notifier.close();
    throw error;
  }
}
