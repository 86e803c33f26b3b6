import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { maskSecrets } from "dashbase/config";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { isDashbaseError } from "dashbase";

const cwd = "/srv/app";
const load = (env: Record<string, string>) => loadSettings({ env, cwd });
const postgres = (env: Record<string, string>) => load(env).database as PostgresDatabaseSettings;

describe("loadSettings", () => {
  it("defaults to development on the embedded database in .dashbase/data", () => {
    const settings = load({});
    assert.equal(settings.profile, "development");
    assert.deepEqual(settings.database, { kind: "embedded", dataDir: path.join(cwd, ".dashbase/data") });
    assert.equal(settings.server.port, 8050);
    assert.equal(settings.server.host, "127.0.0.1");
  });

  it("takes the embedded data directory from DASHBASE_DATA_DIR, or memory", () => {
    assert.deepEqual(load({ DASHBASE_DATA_DIR: "var/db" }).database, { kind: "embedded", dataDir: path.join(cwd, "var/db") });
    assert.deepEqual(load({ DASHBASE_DATA_DIR: ":memory:" }).database, { kind: "embedded", dataDir: null });
  });

  it("accepts both postgres:// and postgresql:// URLs", () => {
    for (const scheme of ["postgres", "postgresql", "POSTGRES"]) {
      const db = postgres({ DATABASE_URL: `${scheme}://app:pw@db.internal:6543/appdb` });
      assert.equal(db.kind, "postgres");
      assert.equal(db.host, "db.internal");
      assert.equal(db.port, 6543);
      assert.equal(db.user, "app");
      assert.equal(db.password, "pw");
      assert.equal(db.database, "appdb");
    }
  });

  it("reads sslmode from the URL, else PGSSLMODE, including no-verify for self-signed certificates", () => {
    assert.deepEqual(postgres({ DATABASE_URL: "postgres://a@h/d?sslmode=no-verify" }).ssl, { rejectUnauthorized: false });
    assert.deepEqual(postgres({ DATABASE_URL: "postgres://a@h/d?sslmode=verify-full" }).ssl, { rejectUnauthorized: true });
    assert.deepEqual(postgres({ DATABASE_URL: "postgres://a@h/d", PGSSLMODE: "require" }).ssl, { rejectUnauthorized: false });
    assert.equal(postgres({ DATABASE_URL: "postgres://a@h/d?sslmode=disable", PGSSLMODE: "require" }).ssl, false);
    assert.equal(postgres({ DATABASE_URL: "postgres://a@h/d" }).ssl, false);
  });

  it("falls back to the libpq PG* variables", () => {
    const db = postgres({ PGHOST: "pg.local", PGPORT: "5433", PGUSER: "u", PGPASSWORD: "secret", PGDATABASE: "d" });
    assert.equal(db.host, "pg.local");
    assert.equal(db.port, 5433);
    assert.equal(db.displayUrl, "postgres://u:****@pg.local:5433/d");
  });

  it("reads pool limits from the environment", () => {
    const db = postgres({ DATABASE_URL: "postgres://a@h/d", DASHBASE_DB_POOL_MAX: "3", DASHBASE_DB_ACQUIRE_TIMEOUT_MS: "750", DASHBASE_DB_STATEMENT_TIMEOUT_MS: "0" });
    assert.equal(db.pool.max, 3);
    assert.equal(db.pool.acquireTimeoutMs, 750);
    assert.equal(db.pool.statementTimeoutMs, 0);
  });

  it("in production, lists every missing or invalid variable in one message", () => {
    assert.throws(() => load({ DASHBASE_ENV: "production", PORT: "eighty", DASHBASE_DB_POOL_MAX: "0" }), (error: unknown) => {
      assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"));
      assert.match(error.message, /4 settings are missing or invalid \(profile production\)/);
      assert.match(error.message, /DATABASE_URL: required in production/);
      assert.match(error.message, /DASHBASE_DATABASE=embedded/);
      assert.match(error.message, /SESSION_SECRET: required in production/);
      assert.match(error.message, /PORT: expected a whole number of at least 0, found "eighty"/);
      assert.match(error.message, /DASHBASE_DB_POOL_MAX: expected a whole number of at least 1, found "0"/);
      assert.deepEqual([...(error.details["variables"] as string[])].sort(), ["DASHBASE_DB_POOL_MAX", "DATABASE_URL", "PORT", "SESSION_SECRET"]);
      return true;
    });
  });

  it("runs production on the embedded database when it is chosen explicitly", () => {
    const settings = load({ DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded", SESSION_SECRET: "x".repeat(32) });
    assert.equal(settings.database.kind, "embedded");
    assert.equal(settings.server.host, "0.0.0.0");
  });

  it("rejects a malformed DATABASE_URL and never shows its password", () => {
    for (const url of ["mysql://root:hunter2@db/app", "postgres://app:hunter2@db:99999/app", "postgres://app:hunter2@db/app?sslmode=sometimes"]) {
      assert.throws(() => load({ DATABASE_URL: url }), (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"), String(error));
        assert.match(error.message, /DATABASE_URL/);
        assert.doesNotMatch(error.message, /hunter2/);
        return true;
      });
    }
  });

  it("masks the password in the displayed URL", () => {
    assert.equal(postgres({ DATABASE_URL: "postgresql://app:hunter2@db:5432/app?sslmode=require" }).displayUrl, "postgresql://app:****@db:5432/app?sslmode=require");
  });
});

describe("maskSecrets", () => {
  it("masks every postgres URL password in free text and leaves the rest", () => {
    assert.equal(
      maskSecrets("connect postgres://a:p%40ss@h/d failed; retry postgresql://b:xyz@h2:1/e"),
      "connect postgres://a:****@h/d failed; retry postgresql://b:****@h2:1/e",
    );
    assert.equal(maskSecrets("postgres://nopassword@h/d"), "postgres://nopassword@h/d");
  });
});
