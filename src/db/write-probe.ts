/**
 * @module
 * Whether the database takes writes right now. `select 1` answers on a full disk and on a
 * read-only server alike, so the health check also makes a small write that never commits: a
 * temporary table filled with a few pages, rolled back. It runs at most once per interval (a
 * storage failure seen on a real statement counts as a result too), so a busy health endpoint
 * does not turn into write load.
 */
import { isDashbaseError } from "../errors/dashbase-error.js";
import { storageProblemOf, translateDatabaseError } from "./translate-error.js";

export interface WriteProbeResult {
  writable: boolean;
  /** Why not, when `writable` is false. */
  error?: string;
}

/** About 64 KB in 8 KB pages: enough that a disk with no room left refuses to extend the table. */
export const writeProbeSql =
  "create temp table dashbase_write_probe (filler text); insert into dashbase_write_probe select repeat('x', 1000) from generate_series(1, 64)";

/** Thrown to roll the probe's transaction back. */
class ProbeDone extends Error {}

/**
 * @example
 * const probe = new WriteProbe((script) => driver.transaction((c) => c.exec(script)), 5_000);
 * const { writable } = await probe.check();
 */
export class WriteProbe {
  private last: { at: number; result: WriteProbeResult } | undefined;
  private pending: Promise<WriteProbeResult> | undefined;

  /** `runInTransaction` runs the script in a transaction and rolls back when the callback throws. */
  constructor(
    private readonly runInTransaction: (run: (exec: (script: string) => Promise<void>) => Promise<void>) => Promise<void>,
    private readonly intervalMs = 5_000,
  ) {}

  /** The latest result, probing again when it is older than the interval. */
  check(): Promise<WriteProbeResult> {
    if (this.last !== undefined && Date.now() - this.last.at < this.intervalMs) return Promise.resolve(this.last.result);
    this.pending ??= this.probe().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Records a storage failure that a real statement met, so health reports it at once. */
  noteFailure(error: unknown): void {
    if (
      storageProblemOf(error) !== undefined ||
      isDashbaseError(error, "DASHBASE_E_DB_STORAGE_FULL") ||
      isDashbaseError(error, "DASHBASE_E_DB_READ_ONLY")
    ) {
      const translated = translateDatabaseError(error);
      this.last = {
        at: Date.now(),
        result: { writable: false, error: translated instanceof Error ? translated.message : String(translated) },
      };
    }
  }

  private async probe(): Promise<WriteProbeResult> {
    let result: WriteProbeResult = { writable: true };
    try {
      await this.runInTransaction(async (exec) => {
        await exec(writeProbeSql);
        throw new ProbeDone();
      });
    } catch (error) {
      if (!(error instanceof ProbeDone)) {
        const translated = translateDatabaseError(error);
        // Only storage problems count: a role without TEMP rights still writes its own tables.
        if (isDashbaseError(translated, "DASHBASE_E_DB_STORAGE_FULL") || isDashbaseError(translated, "DASHBASE_E_DB_READ_ONLY")) {
          result = { writable: false, error: translated.message };
        }
      }
    }
    this.last = { at: Date.now(), result };
    return result;
  }
}
