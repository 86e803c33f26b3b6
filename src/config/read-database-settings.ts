/**
 * @module
 * Which database the environment names, and why. The rules, first match wins:
 *
 * 1. `DASHBASE_DATABASE=embedded` or `=postgres` decides outright.
 * 2. `DATABASE_URL` and `DASHBASE_DATA_DIR` both set is a mistake: one names a server, the other
 *    a data directory, and guessing would migrate the wrong one.
 * 3. `DATABASE_URL` names a PostgreSQL server.
 * 4. `DASHBASE_DATA_DIR` names the embedded database, and wins over the libpq `PG*` variables:
 *    those are often exported in a shell for other work, the data directory never is by accident.
 * 5. `PGHOST`, `PGPORT`, `PGUSER` or `PGDATABASE` name a PostgreSQL server.
 * 6. Otherwise the embedded database in `.dashbase/data`; production refuses that unless chosen.
 */
import path from "node:path";
import { defaultEmbeddedMemoryMb } from "./embedded-memory.js";
import { readPostgresSettings } from "./database-url.js";
import { readBoolean, readInteger, valueOf, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { DatabaseSettings, EmbeddedDatabaseSettings, PoolSettings, Profile } from "./settings.js";

/** The database the environment names, with what named it. */
export interface DatabaseChoice {
  database: DatabaseSettings;
  /** `DASHBASE_DATABASE=embedded`, `DATABASE_URL`, `DASHBASE_DATA_DIR`, `PGHOST, PGUSER`, or `default`. */
  source: string;
  /** One line when the environment named both kinds of database: which was chosen, and why. */
  notice?: string;
}

const libpqVariables = ["PGHOST", "PGPORT", "PGUSER", "PGDATABASE"] as const;

function readPool(env: Env, problems: SettingProblem[]): PoolSettings {
  return {
    max: readInteger(env, "DASHBASE_DB_POOL_MAX", 10, 1, problems),
    acquireTimeoutMs: readInteger(env, "DASHBASE_DB_ACQUIRE_TIMEOUT_MS", 5_000, 1, problems),
    statementTimeoutMs: readInteger(env, "DASHBASE_DB_STATEMENT_TIMEOUT_MS", 30_000, 0, problems),
    connectRetryMs: readInteger(env, "DASHBASE_DB_CONNECT_RETRY_MS", 10_000, 0, problems),
    processes: readInteger(env, "DASHBASE_PROCESSES", 1, 1, problems),
  };
}

/**
 * Whether PGlite's hot functions are recompiled by V8's optimising compiler: as set, else in
 * production only. Outside production the app restarts often and its data is small: compiling in
 * the background took about 0.6 s of each start on two cores (issue 15).
 */
function readTierUp(env: Env, profile: Profile, problems: SettingProblem[]): boolean | undefined {
  if (valueOf(env, "DASHBASE_EMBEDDED_TIER_UP") !== undefined) return readBoolean(env, "DASHBASE_EMBEDDED_TIER_UP", problems);
  return profile === "production" ? undefined : false;
}

function embeddedAt(env: Env, cwd: string, profile: Profile, problems: SettingProblem[]): EmbeddedDatabaseSettings {
  const raw = valueOf(env, "DASHBASE_DATA_DIR");
  const tierUp = readTierUp(env, profile, problems);
  // Set only when given (or not the default), so production settings compare equal to `{ kind, dataDir }` otherwise.
  const memory = {
    ...(valueOf(env, "DASHBASE_EMBEDDED_MEMORY") === undefined
      ? {}
      : { memoryMb: readInteger(env, "DASHBASE_EMBEDDED_MEMORY", defaultEmbeddedMemoryMb, 1, problems) }),
    ...(tierUp === undefined ? {} : { tierUp }),
  };
  if (raw === ":memory:") return { kind: "embedded", dataDir: null, ...memory };
  return { kind: "embedded", dataDir: path.resolve(cwd, raw ?? ".dashbase/data"), ...memory };
}

/** How a chosen embedded database is named in a notice. */
function embeddedName(database: EmbeddedDatabaseSettings): string {
  return database.dataDir === null ? "the in-memory embedded database" : `the embedded database in ${database.dataDir}`;
}

/**
 * Reads the database settings (see the module's rules); bad values are added to `problems`.
 * @example
 * const problems: SettingProblem[] = [];
 * readDatabaseSettings({ DASHBASE_DATA_DIR: "var/db", PGHOST: "db" }, "development", "/srv/app", problems);
 * // { database: { kind: "embedded", dataDir: "/srv/app/var/db" }, source: "DASHBASE_DATA_DIR", notice: "..." }
 */
export function readDatabaseSettings(env: Env, profile: Profile, cwd: string, problems: SettingProblem[]): DatabaseChoice {
  const choice = valueOf(env, "DASHBASE_DATABASE");
  if (choice !== undefined && choice !== "embedded" && choice !== "postgres") {
    problems.push({ variables: ["DASHBASE_DATABASE"], message: `DASHBASE_DATABASE: expected "embedded" or "postgres", found "${choice}"` });
  }
  const url = valueOf(env, "DATABASE_URL");
  const dataDir = valueOf(env, "DASHBASE_DATA_DIR");
  const libpq = libpqVariables.filter((name) => valueOf(env, name) !== undefined);
  // Read even when unused, so a bad value is reported before the day DATABASE_URL is set.
  const pool = readPool(env, problems);
  const embedded = embeddedAt(env, cwd, profile, problems);
  const server = (): DatabaseSettings => readPostgresSettings(env, pool, problems) ?? embedded;
  const serverNames = url !== undefined ? "DATABASE_URL" : libpq.join(", ");

  if (choice === "embedded") {
    const notice =
      serverNames === ""
        ? undefined
        : `${embeddedName(embedded)} is used because DASHBASE_DATABASE=embedded; the PostgreSQL server named by ${serverNames} is not`;
    return { database: embedded, source: "DASHBASE_DATABASE=embedded", ...(notice === undefined ? {} : { notice }) };
  }
  if (choice === "postgres") {
    const notice =
      dataDir === undefined
        ? undefined
        : `the PostgreSQL server is used because DASHBASE_DATABASE=postgres; DASHBASE_DATA_DIR (${embedded.dataDir ?? ":memory:"}) is not`;
    return { database: server(), source: "DASHBASE_DATABASE=postgres", ...(notice === undefined ? {} : { notice }) };
  }
  if (url !== undefined && dataDir !== undefined) {
    problems.push({
      variables: ["DATABASE_URL", "DASHBASE_DATA_DIR"],
      message:
        "DATABASE_URL and DASHBASE_DATA_DIR are both set: one names a PostgreSQL server, the other an embedded data directory; unset one, or set DASHBASE_DATABASE=postgres or DASHBASE_DATABASE=embedded to choose",
    });
    return { database: embedded, source: "DATABASE_URL, DASHBASE_DATA_DIR" };
  }
  if (url !== undefined) return { database: server(), source: "DATABASE_URL" };
  let result: DatabaseChoice;
  if (dataDir !== undefined) {
    const notice =
      libpq.length === 0
        ? undefined
        : `${embeddedName(embedded)} is used because DASHBASE_DATA_DIR is set, which wins over ${libpq.join(", ")}; set DASHBASE_DATABASE=postgres to use that PostgreSQL server instead`;
    result = { database: embedded, source: "DASHBASE_DATA_DIR", ...(notice === undefined ? {} : { notice }) };
  } else if (libpq.length > 0) {
    return { database: server(), source: libpq.join(", ") };
  } else {
    result = { database: embedded, source: "default" };
  }
  if (profile === "production") {
    problems.push({
      variables: ["DATABASE_URL"],
      message:
        "DATABASE_URL: required in production (postgres://user:password@host:5432/db); set DASHBASE_DATABASE=embedded to run on the embedded database instead",
    });
  }
  return result;
}
