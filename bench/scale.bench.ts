/**
 * Throughput of the flagship's save callback (the Save page's "Save view": validate, insert a row
 * of user_preferences, answer) with 1, 2 and 3 `dashbase start` processes behind Debian's HAProxy
 * (round-robin, no stickiness) on one PostgreSQL server, and with 3 processes through Debian's
 * PgBouncer in transaction mode; as ratios to one process in the same run, with the database's
 * connection count (`pg_stat_activity`, this database only: app connections, or PgBouncer's server
 * connections) at the most seen while the load ran.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/scale.bench.ts
 *   BENCH_DURATION_S=5 BENCH_CONNECTIONS=32 ...                      # longer runs, more clients
 *
 * It creates a database of its own on that server and drops it afterwards. The load comes from
 * autocannon in a child process, on the same machine: on a small machine the processes, the
 * balancer, the server and the load generator share the cores, so the ratios say what another
 * process buys on this machine, not on one with a core per process.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import pg from "pg";
import { hasHaproxy, startHaproxy, type Haproxy } from "../test/support/haproxy.js";
import { hasPgBouncer, startPgBouncer, type PgBouncer } from "../test/support/pgbouncer.js";
import { spawnDashbaseStart, type AppProcess } from "../test/support/spawn-app.js";
import { postLoad } from "./autocannon-load.js";
import { saveRequest } from "./flagship-request.js";

const durationS = Number(process.env["BENCH_DURATION_S"] ?? 3);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 16);
const root = path.resolve(import.meta.dirname, "..");
const appFile = path.join(root, "examples", "indicators", "app.ts");

interface Point {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Most connections to the database seen while the load ran. */
  dbConnections: number;
}

function load(url: string, body: string, headers: Record<string, string>): Promise<Omit<Point, "label" | "dbConnections">> {
  return postLoad(url, { connections, durationS, body, headers });
}

/** Runs the load through a balancer over `apps`, sampling the database's connections meanwhile. */
async function measure(label: string, apps: readonly AppProcess[], admin: pg.Client, database: string): Promise<Point> {
  const balancer: Haproxy = await startHaproxy(apps.map((app) => app.url));
  try {
    const request = await saveRequest(balancer.url);
    await load(request.url, request.body, request.headers); // warm-up: JIT, pools, plans
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [database]);
        most = Math.max(most, rows[0]?.n ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const result = await load(request.url, request.body, request.headers);
    sampling = false;
    await sampler;
    return { label, ...result, dbConnections: most };
  } finally {
    await balancer.stop();
  }
}

async function startApps(count: number, env: Record<string, string>, migrate: boolean): Promise<AppProcess[]> {
  const apps: AppProcess[] = [];
  if (migrate) apps.push(await spawnDashbaseStart(appFile, ["--migrate", "--seed"], env));
  while (apps.length < count) apps.push(await spawnDashbaseStart(appFile, [], env));
  return apps;
}

const url = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
if (url === undefined) {
  console.log("(set BENCH_DATABASE_URL or TEST_DATABASE_URL to run the scale benchmark: it needs a PostgreSQL server)");
  process.exit(0);
}
if (!hasHaproxy()) {
  console.log("(no /usr/sbin/haproxy: apt-get install haproxy to run the scale benchmark)");
  process.exit(0);
}

const database = `dashbase_scale_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`create database ${database}`);
const server = new URL(url);
const databaseUrl = `${server.protocol}//${server.username}${server.password ? `:${server.password}` : ""}@${server.host}/${database}`;
const base = { DASHBASE_ENV: "production", SESSION_SECRET: "s".repeat(40), DASHBASE_PROCESSES: "3" };
const points: Point[] = [];
let apps: AppProcess[] = [];
let bouncer: PgBouncer | undefined;
try {
  // Processes are added one at a time, so an idle one's connections never count for a point.
  apps = await startApps(1, { ...base, DATABASE_URL: databaseUrl }, true);
  for (const count of [1, 2, 3]) {
    if (apps.length < count) apps.push(...(await startApps(count - apps.length, { ...base, DATABASE_URL: databaseUrl }, false)));
    points.push(await measure(`${count} process${count === 1 ? "" : "es"}, direct`, apps, admin, database));
  }
  await Promise.all(apps.map((app) => app.kill("SIGTERM")));
  apps = [];
  if (hasPgBouncer()) {
    bouncer = await startPgBouncer({ serverHost: server.hostname, serverPort: Number(server.port || 5432) });
    const pooled = {
      ...base,
      DATABASE_URL: bouncer.urlFor(databaseUrl),
      DASHBASE_DB_POOLER: "transaction",
      DATABASE_DIRECT_URL: databaseUrl,
    };
    apps = await startApps(3, pooled, false);
    points.push(await measure("3 processes, PgBouncer (transaction)", apps, admin, database));
  } else {
    console.log("(no /usr/sbin/pgbouncer: the PgBouncer point is left out)");
  }
} finally {
  await Promise.all(apps.map((app) => app.kill("SIGTERM")));
  await bouncer?.stop();
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
}

const one = points[0]!.rps;
console.log(`\nflagship save callback, ${connections} connections, ${durationS} s per point, behind HAProxy, one PostgreSQL server`);
console.log("deployment                             |  req/s | ratio | p50 ms | p99 ms | db connections | errors");
for (const point of points) {
  console.log(
    `${point.label.padEnd(38)} | ${point.rps.toFixed(0).padStart(6)} | ${(point.rps / one).toFixed(2).padStart(4)}x | ${String(point.p50).padStart(6)} | ${String(point.p99).padStart(6)} | ${String(point.dbConnections).padStart(14)} | ${point.errors}`,
  );
}
