import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { loadSettings } from "dashbase/config";
import { maskSecrets } from "dashbase/config";
import type { EmbeddedDatabaseSettings, PostgresDatabaseSettings } from "dashbase/config";
import { isDashbaseError } from "dashbase";
import { z } from "zod";

const cwd = "/srv/app";
const load = (env: Record<string, string>) => loadSettings({ env, cwd });
const postgres = (env: Record<string, string>) => load(env).database as PostgresDatabaseSettings;

describe("loadSettings", () => {
  it("defaults to development on the embedded database in .dashbase/data", () => {
    const settings = load({});
    assert.equal(settings.profile, "development");
    assert.deepEqual(settings.database, { kind: "embedded", dataDir: path.join(cwd, ".dashbase/data"), tierUp: false });
    assert.equal(settings.server.port, 8050);
    assert.equal(settings.server.host, "127.0.0.1");
  });

  it("reads the embedded database's memory settings only when they are set", () => {
    assert.deepEqual(load({ DASHBASE_EMBEDDED_MEMORY: "64", DASHBASE_EMBEDDED_TIER_UP: "false" }).database, {
      kind: "embedded",
      dataDir: path.join(cwd, ".dashbase/data"),
      memoryMb: 64,
      tierUp: false,
    });
    // V8's optimising compiler for PGlite: in production unless set, never otherwise unless set.
    const production = { DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded", SESSION_SECRET: "s".repeat(40) };
    assert.equal((load(production).database as EmbeddedDatabaseSettings).tierUp, undefined);
    assert.equal((load({ ...production, DASHBASE_EMBEDDED_TIER_UP: "false" }).database as EmbeddedDatabaseSettings).tierUp, false);
    assert.equal((load({ DASHBASE_EMBEDDED_TIER_UP: "true" }).database as EmbeddedDatabaseSettings).tierUp, true);
    assert.equal((load({ DASHBASE_ENV: "test" }).database as EmbeddedDatabaseSettings).tierUp, false);
    assert.throws(
      () => load({ DASHBASE_EMBEDDED_TIER_UP: "sometimes" }),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_CONFIG") && /DASHBASE_EMBEDDED_TIER_UP/.test((error as Error).message),
    );
    assert.throws(
      () => load({ DASHBASE_EMBEDDED_MEMORY: "lots" }),
      (error: unknown) => isDashbaseError(error, "DASHBASE_E_CONFIG") && /DASHBASE_EMBEDDED_MEMORY/.test((error as Error).message),
    );
  });

  it("takes the embedded data directory from DASHBASE_DATA_DIR, or memory", () => {
    assert.deepEqual(load({ DASHBASE_DATA_DIR: "var/db" }).database, {
      kind: "embedded",
      dataDir: path.join(cwd, "var/db"),
      tierUp: false,
    });
    assert.deepEqual(load({ DASHBASE_DATA_DIR: ":memory:" }).database, { kind: "embedded", dataDir: null, tierUp: false });
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
    const db = postgres({
      DATABASE_URL: "postgres://a@h/d",
      DASHBASE_DB_POOL_MAX: "3",
      DASHBASE_DB_ACQUIRE_TIMEOUT_MS: "750",
      DASHBASE_DB_STATEMENT_TIMEOUT_MS: "0",
    });
    assert.equal(db.pool.max, 3);
    assert.equal(db.pool.acquireTimeoutMs, 750);
    assert.equal(db.pool.statementTimeoutMs, 0);
  });

  it("in production, lists every missing or invalid variable in one message", () => {
    assert.throws(
      () => load({ DASHBASE_ENV: "production", PORT: "eighty", DASHBASE_DB_POOL_MAX: "0" }),
      (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"));
        assert.match(error.message, /4 settings are missing or invalid \(profile production\)/);
        assert.match(error.message, /DATABASE_URL: required in production/);
        assert.match(error.message, /DASHBASE_DATABASE=embedded/);
        assert.match(error.message, /SESSION_SECRET: required in production/);
        assert.match(error.message, /PORT: expected a whole number of at least 0, found "eighty"/);
        assert.match(error.message, /DASHBASE_DB_POOL_MAX: expected a whole number of at least 1, found "0"/);
        assert.deepEqual([...(error.details["variables"] as string[])].sort(), [
          "DASHBASE_DB_POOL_MAX",
          "DATABASE_URL",
          "PORT",
          "SESSION_SECRET",
        ]);
        return true;
      },
    );
  });

  it("runs production on the embedded database when it is chosen explicitly", () => {
    const settings = load({ DASHBASE_ENV: "production", DASHBASE_DATABASE: "embedded", SESSION_SECRET: "x".repeat(32) });
    assert.equal(settings.database.kind, "embedded");
    assert.equal(settings.server.host, "0.0.0.0");
  });

  it("rejects a malformed DATABASE_URL and never shows its password", () => {
    for (const url of [
      "mysql://root:hunter2@db/app",
      "postgres://app:hunter2@db:99999/app",
      "postgres://app:hunter2@db/app?sslmode=sometimes",
    ]) {
      assert.throws(
        () => load({ DATABASE_URL: url }),
        (error: unknown) => {
          assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"), String(error));
          assert.match(error.message, /DATABASE_URL/);
          assert.doesNotMatch(error.message, /hunter2/);
          return true;
        },
      );
    }
  });

  it("masks the password in the displayed URL", () => {
    assert.equal(
      postgres({ DATABASE_URL: "postgresql://app:hunter2@db:5432/app?sslmode=require" }).displayUrl,
      "postgresql://app:****@db:5432/app?sslmode=require",
    );
  });
});

describe("loadSettings: which database", () => {
  it("lets an explicit DASHBASE_DATA_DIR win over the libpq PG* variables, and says why", () => {
    const settings = load({ DASHBASE_DATA_DIR: "var/db", PGHOST: "db.internal", PGUSER: "app" });
    assert.deepEqual(settings.database, { kind: "embedded", dataDir: path.join(cwd, "var/db"), tierUp: false });
    assert.equal(settings.origin?.databaseSource, "DASHBASE_DATA_DIR");
    assert.match(
      settings.origin?.databaseNotice ?? "",
      /embedded database in \/srv\/app\/var\/db is used because DASHBASE_DATA_DIR is set, which wins over PGHOST, PGUSER; set DASHBASE_DATABASE=postgres/,
    );
  });

  it("uses the PG* variables alone, and DASHBASE_DATABASE decides when both kinds are named", () => {
    assert.equal(load({ PGHOST: "db.internal" }).origin?.databaseSource, "PGHOST");
    const server = load({ DASHBASE_DATABASE: "postgres", DASHBASE_DATA_DIR: "var/db", PGHOST: "db.internal" });
    assert.equal(server.database.kind, "postgres");
    assert.match(server.origin?.databaseNotice ?? "", /DASHBASE_DATABASE=postgres; DASHBASE_DATA_DIR/);
    const embedded = load({ DASHBASE_DATABASE: "embedded", DATABASE_URL: "postgres://app:pw@db/app" });
    assert.equal(embedded.database.kind, "embedded");
    assert.match(embedded.origin?.databaseNotice ?? "", /DASHBASE_DATABASE=embedded; the PostgreSQL server named by DATABASE_URL is not/);
    assert.equal(
      load({ DATABASE_URL: "postgres://app:pw@db/app", PGHOST: "other" }).origin?.databaseNotice,
      undefined,
      "DATABASE_URL with PG* names one kind",
    );
  });

  it("refuses DATABASE_URL together with DASHBASE_DATA_DIR, listing both, unless DASHBASE_DATABASE chooses", () => {
    assert.throws(
      () => load({ DATABASE_URL: "postgres://app:hunter2@db/app", DASHBASE_DATA_DIR: "var/db" }),
      (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"));
        assert.match(error.message, /DATABASE_URL and DASHBASE_DATA_DIR are both set/);
        assert.match(error.message, /DASHBASE_DATABASE=postgres or DASHBASE_DATABASE=embedded/);
        assert.deepEqual(error.details["variables"], ["DATABASE_URL", "DASHBASE_DATA_DIR"]);
        return true;
      },
    );
    assert.equal(
      load({ DATABASE_URL: "postgres://app@db/app", DASHBASE_DATA_DIR: "var/db", DASHBASE_DATABASE: "postgres" }).database.kind,
      "postgres",
    );
  });
});

describe("loadSettings: each concern on its own", () => {
  const production = { DASHBASE_ENV: "production", DATABASE_URL: "postgres://app:pw@db/app" };

  it("reads only the database for the db tools: production needs no SESSION_SECRET there", () => {
    const settings = loadSettings({ env: production, cwd, concerns: ["database"] });
    assert.equal(settings.database.kind, "postgres");
    assert.equal(settings.profile, "production");
    assert.equal("session" in settings, false);
    assert.equal("server" in settings, false);
    assert.throws(() => loadSettings({ env: production, cwd }), /SESSION_SECRET: required in production/);
  });

  it("leaves out the problems of concerns not asked for, and keeps those of the ones asked for", () => {
    assert.doesNotThrow(() => loadSettings({ env: { ...production, PORT: "eighty" }, cwd, concerns: ["database"] }));
    assert.throws(
      () => loadSettings({ env: { ...production, DASHBASE_DB_POOL_MAX: "0" }, cwd, concerns: ["database"] }),
      /DASHBASE_DB_POOL_MAX/,
    );
    assert.throws(
      () => loadSettings({ env: { DASHBASE_ENV: "staging" }, cwd, concerns: [] }),
      /DASHBASE_ENV: expected one of development, test, production/,
    );
  });
});

describe("loadSettings: the app's own variables", () => {
  const schema = z.object({ MAPBOX_TOKEN: z.string().min(1), REFRESH_SECONDS: z.coerce.number().int().positive().default(60) });

  it("lists the app's problems in the same message as dashbase's, without showing values", () => {
    assert.throws(() => load({ DASHBASE_ENV: "production", REFRESH_SECONDS: "-5", SESSION_SECRET: "hunter2hunter2" }), /SESSION_SECRET/);
    assert.throws(
      () =>
        loadSettings({ env: { DASHBASE_ENV: "production", REFRESH_SECONDS: "-5", SESSION_SECRET: "hunter2hunter2" }, cwd, appEnv: schema }),
      (error: unknown) => {
        assert.ok(isDashbaseError(error, "DASHBASE_E_CONFIG"));
        assert.match(error.message, /4 settings are missing or invalid \(profile production\)/);
        assert.match(error.message, /DATABASE_URL: required in production/);
        assert.match(error.message, /SESSION_SECRET: expected at least 32 characters/);
        assert.match(error.message, /MAPBOX_TOKEN: required by the app \(createApp\(\{ env \}\)\), found none/);
        assert.match(error.message, /REFRESH_SECONDS: .*\(the app's env schema\)/);
        assert.doesNotMatch(error.message, /hunter2/);
        assert.deepEqual([...(error.details["variables"] as string[])].sort(), [
          "DATABASE_URL",
          "MAPBOX_TOKEN",
          "REFRESH_SECONDS",
          "SESSION_SECRET",
        ]);
        return true;
      },
    );
  });

  it("returns the parsed values, with the schema's defaults and conversions, and nothing else", () => {
    const settings = loadSettings({ env: { MAPBOX_TOKEN: "pk.123", PATH: "/usr/bin" }, cwd, appEnv: schema });
    assert.deepEqual(settings.appEnv, { MAPBOX_TOKEN: "pk.123", REFRESH_SECONDS: 60 });
    assert.ok(Object.isFrozen(settings.appEnv));
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
