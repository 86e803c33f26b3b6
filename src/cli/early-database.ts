/**
 * @module
 * The embedded database `dashbase start` serves on, opened while the app file loads rather than
 * after it: opening it (PGlite's WebAssembly compile, then PostgreSQL's own start inside it) is
 * the largest part of a start-up, and loading the app is largely the TypeScript loader's work on
 * its own thread, so the two overlap (issue 15). The settings read for it are those of the
 * environment alone; the handle is used only when the settings read afterwards with the app's
 * own schema name the same database, and closed otherwise. A server database is opened at its
 * usual place: connecting is quick, and its notices keep their order in the output.
 */
import { isDeepStrictEqual } from "node:util";
import type { DatabaseSettings } from "../config/settings.js";
import type { Database } from "../db/database.js";

export interface EarlyDatabase {
  /**
   * The database for `settings`: the one opened early when it is for these settings (its
   * opening error, if it failed), else one opened now with `open`.
   */
  take(settings: DatabaseSettings, open: (settings: DatabaseSettings) => Promise<Database>): Promise<Database>;
  /** Closes what was opened early and not taken (the app failed to load, its settings were refused). */
  discard(): Promise<void>;
}

/**
 * Starts opening the embedded database `readSettings()` names, if it names one; settings that
 * cannot be read open nothing here (the full read reports their problems later). Resolves once
 * the embedded driver's modules are loaded: call it before the app's TypeScript loader is
 * registered, which would otherwise carry them through its thread at several times the cost.
 * @example
 * const early = await openEmbeddedEarly(() => loadSettings({ env, cwd, concerns: ["database"] }).database, (s) => createDatabase({ settings: s }));
 * const loaded = await project(); // meanwhile the database opens
 * const db = await early.take(serving(app.options.env).database, (s) => createDatabase({ settings: s }));
 */
export async function openEmbeddedEarly(
  readSettings: () => DatabaseSettings,
  open: (settings: DatabaseSettings) => Promise<Database>,
): Promise<EarlyDatabase> {
  let early: { settings: DatabaseSettings; opening: Promise<Database> } | undefined;
  let settings: DatabaseSettings | undefined;
  try {
    settings = readSettings();
  } catch {
    // Reported by the full settings read.
  }
  if (settings?.kind === "embedded") {
    // createDatabase() imports it too: then from the module cache.
    await import("../db/drivers/pglite/pglite-driver.js");
    const opening = open(settings);
    // Awaited by take() or discard(); until then a failure must not count as unhandled.
    opening.catch(() => undefined);
    early = { settings, opening };
  }
  const discard = async (): Promise<void> => {
    const pending = early;
    early = undefined;
    if (pending === undefined) return;
    const db = await pending.opening.catch(() => undefined);
    await db?.close();
  };
  return {
    async take(settings, openNow) {
      if (early !== undefined && isDeepStrictEqual(early.settings, settings)) {
        const { opening } = early;
        early = undefined;
        return opening;
      }
      await discard();
      return openNow(settings);
    },
    discard,
  };
}
