/**
 * @module
 * Turns DATABASE_URL (or the libpq PG* variables) into PostgreSQL connection settings.
 */
import { parse } from "pg-connection-string";
import type { ConnectionOptions } from "node:tls";
import { maskSecrets } from "./mask-secret.js";
import type { Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { PoolSettings, PostgresDatabaseSettings } from "./settings.js";

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

/** Reads a PostgreSQL server's settings from DATABASE_URL, else from PGHOST and friends. */
export function readPostgresSettings(env: Env, pool: PoolSettings, problems: SettingProblem[]): PostgresDatabaseSettings | undefined {
  const url = env["DATABASE_URL"];
  if (url !== undefined && url !== "") return fromUrl(url, env, pool, problems);
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

function fromUrl(url: string, env: Env, pool: PoolSettings, problems: SettingProblem[]): PostgresDatabaseSettings | undefined {
  const displayUrl = maskSecrets(url);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== "postgres" && scheme !== "postgresql") {
    problems.push({
      variables: ["DATABASE_URL"],
      message: `DATABASE_URL: expected a URL starting with postgres:// or postgresql://, found "${scheme === undefined ? displayUrl.slice(0, 40) : `${scheme}://…`}"`,
    });
    return undefined;
  }
  let parsed: ReturnType<typeof parse>;
  try {
    new URL(url.replace(/^postgres(ql)?:/i, "http:"));
    parsed = parse(url);
  } catch {
    problems.push({
      variables: ["DATABASE_URL"],
      message: `DATABASE_URL: not a valid URL: "${displayUrl}" (percent-encode special characters in the password)`,
    });
    return undefined;
  }
  const port = parsed.port ? Number(parsed.port) : 5432;
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    problems.push({ variables: ["DATABASE_URL"], message: `DATABASE_URL: expected a port number from 1 to 65535, found "${parsed.port}"` });
    return undefined;
  }
  const query = new URL(url.replace(/^postgres(ql)?:/i, "http:")).searchParams;
  const mode =
    readSslMode(query.get("sslmode") ?? undefined, "DATABASE_URL sslmode", "DATABASE_URL", problems) ??
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
