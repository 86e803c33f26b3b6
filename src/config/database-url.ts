/**
 * @module
 * Turns DATABASE_URL (or the libpq PG* variables), DATABASE_DIRECT_URL, DATABASE_READ_URL and
 * DASHBASE_DB_POOLER into PostgreSQL connection settings.
 */
import { parse } from "pg-connection-string";
import type { ConnectionOptions } from "node:tls";
import { maskSecrets } from "./mask-secret.js";
import { readInteger, valueOf, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { PoolerMode, PoolSettings, PostgresDatabaseSettings, ReadReplicaSettings } from "./settings.js";

const sslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full", "no-verify"] as const;
type SslMode = (typeof sslModes)[number];

/** The TLS options for a libpq `sslmode`; `no-verify` accepts self-signed certificates (Heroku and alike). */
export function sslFor(mode: SslMode): false | ConnectionOptions {
  switch (mode) {
    case "disable":
    case "allow":
    case "prefer":
      return false;
    case "require":
    case "no-verify":
      return { rejectUnauthorized: false };
    case "verify-ca":
    case "verify-full":
      return { rejectUnauthorized: true };
  }
}

/** `label` names where the value came from in the message ("DATABASE_URL sslmode"); `variable` is the variable that holds it. */
function readSslMode(value: string | undefined, label: string, variable: string, problems: SettingProblem[]): SslMode | undefined {
  if (value === undefined || value === "") return undefined;
  if ((sslModes as readonly string[]).includes(value)) return value as SslMode;
  problems.push({ variables: [variable], message: `${label}: expected one of ${sslModes.join(", ")}, found "${value}"` });
  return undefined;
}

const poolerModes = ["none", "session", "transaction"] as const;

function readPooler(env: Env, problems: SettingProblem[]): PoolerMode {
  const raw = valueOf(env, "DASHBASE_DB_POOLER");
  if (raw === undefined) return "none";
  if ((poolerModes as readonly string[]).includes(raw)) return raw as PoolerMode;
  problems.push({
    variables: ["DASHBASE_DB_POOLER"],
    message: `DASHBASE_DB_POOLER: expected one of ${poolerModes.join(", ")} (the pooler's pool mode), found "${raw}"`,
  });
  return "none";
}

/**
 * Reads a PostgreSQL server's settings from DATABASE_URL, else from PGHOST and friends, with the
 * pooler's mode (DASHBASE_DB_POOLER) and the direct connection (DATABASE_DIRECT_URL).
 */
export function readPostgresSettings(env: Env, pool: PoolSettings, problems: SettingProblem[]): PostgresDatabaseSettings | undefined {
  const main = readMainSettings(env, pool, problems);
  if (main === undefined) return undefined;
  const pooler = readPooler(env, problems);
  const directUrl = valueOf(env, "DATABASE_DIRECT_URL");
  // Session-level work runs one thing at a time (a migration, a listener): one connection.
  const direct = directUrl === undefined ? undefined : fromUrl(directUrl, "DATABASE_DIRECT_URL", env, { ...pool, max: 1 }, problems);
  const reads = readReplicas(env, pool, pooler, problems);
  return {
    ...main,
    ...(pooler === "none" ? {} : { pooler }),
    ...(direct === undefined ? {} : { direct }),
    ...(reads === undefined ? {} : { reads }),
  };
}

/**
 * DATABASE_READ_URL: one or more replica URLs, comma-separated. Replicas are reached the way the
 * primary is (the same DASHBASE_DB_POOLER mode and pool size): a pooler in front of the primary
 * usually fronts its replicas too, and transaction mode is safe on a direct connection as well.
 */
function readReplicas(env: Env, pool: PoolSettings, pooler: PoolerMode, problems: SettingProblem[]): ReadReplicaSettings | undefined {
  const raw = valueOf(env, "DATABASE_READ_URL");
  const maxLagMs = readInteger(env, "DASHBASE_DB_READ_MAX_LAG_MS", 5_000, 0, problems);
  if (raw === undefined) return undefined;
  const replicas: PostgresDatabaseSettings[] = [];
  for (const url of raw.split(",").map((entry) => entry.trim())) {
    if (url === "") continue;
    const replica = fromUrl(url, "DATABASE_READ_URL", env, pool, problems);
    if (replica !== undefined) replicas.push(pooler === "none" ? replica : { ...replica, pooler });
  }
  return replicas.length === 0 ? undefined : { replicas, maxLagMs };
}

function readMainSettings(env: Env, pool: PoolSettings, problems: SettingProblem[]): PostgresDatabaseSettings | undefined {
  const url = env["DATABASE_URL"];
  if (url !== undefined && url !== "") return fromUrl(url, "DATABASE_URL", env, pool, problems);
  const host = env["PGHOST"] ?? "localhost";
  const port = Number(env["PGPORT"] ?? "5432");
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    problems.push({ variables: ["PGPORT"], message: `PGPORT: expected a port number from 1 to 65535, found "${env["PGPORT"]}"` });
    return undefined;
  }
  const mode = readSslMode(env["PGSSLMODE"], "PGSSLMODE", "PGSSLMODE", problems) ?? "prefer";
  const user = env["PGUSER"];
  const database = env["PGDATABASE"];
  // As libpq does, the database defaults to the user's name: show the one actually used.
  return {
    kind: "postgres",
    host,
    port,
    user,
    password: env["PGPASSWORD"],
    database,
    ssl: sslFor(mode),
    pool,
    displayUrl: `postgres://${user ?? ""}${env["PGPASSWORD"] ? ":****" : ""}@${host}:${port}/${database ?? user ?? ""}`,
  };
}

/** `variable` is the variable that holds `url`, for the messages. */
function fromUrl(
  url: string,
  variable: "DATABASE_URL" | "DATABASE_DIRECT_URL" | "DATABASE_READ_URL",
  env: Env,
  pool: PoolSettings,
  problems: SettingProblem[],
): PostgresDatabaseSettings | undefined {
  const displayUrl = maskSecrets(url);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== "postgres" && scheme !== "postgresql") {
    problems.push({
      variables: [variable],
      message: `${variable}: expected a URL starting with postgres:// or postgresql://, found "${scheme === undefined ? displayUrl.slice(0, 40) : `${scheme}://…`}"`,
    });
    return undefined;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    new URL(url.replace(/^postgres(ql)?:/i, "http:"));
    parsed = parse(url);
  } catch {
    problems.push({
      variables: [variable],
      message: `${variable}: not a valid URL: "${displayUrl}" (percent-encode special characters in the password)`,
    });
    return undefined;
  }
  const port = parsed.port ? Number(parsed.port) : 5432;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    problems.push({ variables: [variable], message: `${variable}: expected a port number from 1 to 65535, found "${parsed.port}"` });
    return undefined;
  }
  const query = new URL(url.replace(/^postgres(ql)?:/i, "http:")).searchParams;
  const mode =
    readSslMode(query.get("sslmode") ?? undefined, `${variable} sslmode`, variable, problems) ??
    readSslMode(env["PGSSLMODE"], "PGSSLMODE", "PGSSLMODE", problems) ??
    "prefer";
  return {
    kind: "postgres",
    host: parsed.host ?? "localhost",
    port,
    user: parsed.user,
    password: parsed.password,
    database: parsed.database ?? undefined,
    ssl: sslFor(mode),
    displayUrl,
    pool,
  };
}
