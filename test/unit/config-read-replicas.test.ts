/**
 * The read replica settings: DATABASE_READ_URL (one or more, comma-separated, never shown with a
 * password), DASHBASE_DB_READ_MAX_LAG_MS, and the pooler mode the replicas share with the primary.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDashbaseError } from "dashbase";
import { loadSettings, type PostgresDatabaseSettings } from "dashbase/config";

const postgres = (env: Record<string, string>): PostgresDatabaseSettings =>
  loadSettings({ env: { DASHBASE_ENV: "test", ...env }, cwd: "/srv/app" }).database as PostgresDatabaseSettings;

describe("read replica settings", () => {
  it("reads no replicas by default", () => {
    assert.equal(postgres({ DATABASE_URL: "postgres://app@db:5432/app" }).reads, undefined);
  });

  it("reads each comma-separated replica URL with its password masked, and the lag bound", () => {
    const db = postgres({
      DATABASE_URL: "postgres://app:secret@primary:5432/app",
      DATABASE_READ_URL: "postgres://app:r1-secret@replica-1:5432/app, postgres://app:r2-secret@replica-2:5433/app",
      DASHBASE_DB_READ_MAX_LAG_MS: "250",
    });
    assert.equal(db.reads?.maxLagMs, 250);
    assert.deepEqual(
      db.reads?.replicas.map((replica) => [replica.host, replica.port, replica.password, replica.displayUrl]),
      [
        ["replica-1", 5432, "r1-secret", "postgres://app:****@replica-1:5432/app"],
        ["replica-2", 5433, "r2-secret", "postgres://app:****@replica-2:5433/app"],
      ],
    );
  });

  it("gives the replicas the primary's pooler mode and a lag bound of 5 s by default", () => {
    const db = postgres({
      DATABASE_URL: "postgres://app@pooler:6432/app",
      DASHBASE_DB_POOLER: "transaction",
      DATABASE_READ_URL: "postgres://app@replica-pooler:6432/app",
    });
    assert.equal(db.reads?.replicas[0]?.pooler, "transaction");
    assert.equal(db.reads?.maxLagMs, 5_000);
  });

  it("refuses a replica URL that is not postgres:// naming DATABASE_READ_URL, without its password", () => {
    assert.throws(
      () => postgres({ DATABASE_URL: "postgres://app@db:5432/app", DATABASE_READ_URL: "mysql://app:hunter2@replica/app" }),
      (error: unknown) => isDashbaseError(error) && /DATABASE_READ_URL/.test(error.message) && !error.message.includes("hunter2"),
    );
  });
});
