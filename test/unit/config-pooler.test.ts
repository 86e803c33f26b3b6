/**
 * The pooler settings: DASHBASE_DB_POOLER, DATABASE_DIRECT_URL (never shown with its password),
 * DASHBASE_PROCESSES, and where session-level work connects.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDashbaseError } from "dashbase";
import { lacksSessionLevelConnection, loadSettings, sessionLevelSettings, type PostgresDatabaseSettings } from "dashbase/config";

const postgres = (env: Record<string, string>): PostgresDatabaseSettings =>
  loadSettings({ env: { DASHBASE_ENV: "test", ...env }, cwd: "/srv/app" }).database as PostgresDatabaseSettings;

describe("pooler settings", () => {
  it("reads no pooler, one process and no direct connection by default", () => {
    const db = postgres({ DATABASE_URL: "postgres://app@db:5432/app" });
    assert.equal(db.pooler, undefined);
    assert.equal(db.direct, undefined);
    assert.equal(db.pool.processes, 1);
    assert.equal(sessionLevelSettings(db), db);
    assert.equal(lacksSessionLevelConnection(db), false);
  });

  it("reads the pooler's mode, the direct URL with a masked password and a pool of one, and the number of processes", () => {
    const db = postgres({
      DATABASE_URL: "postgres://app:pooled-secret@pooler:6432/app",
      DATABASE_DIRECT_URL: "postgresql://app:direct-secret@primary:5432/app?sslmode=require",
      DASHBASE_DB_POOLER: "transaction",
      DASHBASE_PROCESSES: "8",
      DASHBASE_DB_POOL_MAX: "12",
    });
    assert.equal(db.pooler, "transaction");
    assert.equal(db.pool.processes, 8);
    const direct = sessionLevelSettings(db);
    assert.equal(direct, db.direct);
    assert.equal(direct.host, "primary");
    assert.equal(direct.password, "direct-secret");
    assert.deepEqual(direct.ssl, { rejectUnauthorized: false });
    assert.equal(direct.pool.max, 1);
    assert.equal(direct.displayUrl, "postgresql://app:****@primary:5432/app?sslmode=require");
    assert.equal(direct.pooler, undefined);
    assert.equal(lacksSessionLevelConnection(db), false);
    assert.equal(lacksSessionLevelConnection({ ...db, direct: undefined }), true);
  });

  it("leaves the embedded database as it is", () => {
    const settings = loadSettings({ env: { DASHBASE_DATA_DIR: ":memory:" } }).database;
    assert.equal(sessionLevelSettings(settings), settings);
  });

  it("names each bad value, and never prints the direct URL's password", () => {
    assert.throws(
      () =>
        postgres({
          DATABASE_URL: "postgres://app@db/app",
          DASHBASE_DB_POOLER: "statement",
          DASHBASE_PROCESSES: "0",
          DATABASE_DIRECT_URL: "mysql://app:hunter2@db/app",
        }),
      (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"), String(error));
        assert.match(
          error.message,
          /DASHBASE_DB_POOLER: expected one of none, session, transaction \(the pooler's pool mode\), found "statement"/,
        );
        assert.match(error.message, /DASHBASE_PROCESSES: expected a whole number of at least 1, found "0"/);
        assert.match(error.message, /DATABASE_DIRECT_URL: expected a URL starting with postgres:\/\/ or postgresql:\/\//);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
    assert.throws(
      () => postgres({ DATABASE_URL: "postgres://app@db/app", DATABASE_DIRECT_URL: "postgres://app:hunter2@db:99999/app" }),
      (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"), String(error));
        assert.match(error.message, /DATABASE_DIRECT_URL: not a valid URL: "postgres:\/\/app:\*\*\*\*@db:99999\/app"/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      },
    );
  });
});
