/**
 * The internal raw executor pg-boss runs on: one parameterized statement with its rows, and
 * `BEGIN; ...; COMMIT;` scripts run in the driver's own transaction, so a failing script rolls
 * back and leaves the connection (PGlite's one session, a pooled one) usable.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { rawExecutorOf } from "../../src/db/raw-executor.js";
import { backends, dropServerDatabases } from "../support/backends.js";

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the raw executor on ${backend.name}`, () => {
    it("runs statements and transaction scripts, and a failed script leaves nothing behind", async () => {
      const db = await backend.open();
      try {
        const raw = rawExecutorOf(db);
        await raw.executeSql("BEGIN; CREATE TABLE raw_t (x integer); INSERT INTO raw_t VALUES (1); COMMIT;");
        const { rows } = await raw.executeSql("SELECT x FROM raw_t WHERE x = $1", [1]);
        assert.deepEqual(rows, [{ x: 1 }]);
        await assert.rejects(raw.executeSql("BEGIN; INSERT INTO raw_t VALUES (2); SELECT 1 / 0; COMMIT;"));
        // Every connection of a server's pool is usable, none left inside an aborted transaction.
        const counts = await Promise.all(
          Array.from({ length: 5 }, () => db.query<{ n: number }>("select count(*)::integer as n from raw_t")),
        );
        assert.deepEqual(
          counts.map((result) => result.rows[0]?.n),
          [1, 1, 1, 1, 1],
        );
      } finally {
        await db.close();
      }
    });

    it("refuses a Database that dashbase did not open with DASHBASE_E_JOB_DATABASE", () => {
      assert.throws(
        () => rawExecutorOf({} as never),
        (error: unknown) => (error as { code?: string }).code === "DASHBASE_E_JOB_DATABASE",
      );
    });
  });
}
