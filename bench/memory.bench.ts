/**
 * Memory: resident set size (RSS) of the flagship (examples/indicators) served by `dashbase start`
 * in production, after start, after a burst of mixed traffic, and over a soak of the same traffic
 * (no growth wanted); next to a bare process with Fastify and pg imported serving one query, in
 * the same run. Goals: 150 MB on PostgreSQL, 250 MB on the embedded database.
 *
 *   npx tsx bench/memory.bench.ts                       # embedded
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/memory.bench.ts   # also PostgreSQL (or TEST_DATABASE_URL)
 *   BENCH_SOAK_S=3600 npx tsx bench/memory.bench.ts     # an hour-long soak (default 20 s)
 *   BENCH_BURST_S=5 BENCH_CONNECTIONS=8 ...             # the burst (default 5 s at 8 connections)
 *   BENCH_SOAK_PAUSE_MS=250 ...                         # each soak visitor rests between turns (default 0:
 *                                                       # flat out), for a long soak at an everyday rate
 *   BENCH_BACKENDS=embedded (or postgres) ...           # one backend only
 *   BENCH_GLIBC_TUNABLES= ...                           # the flagship without the allocator setting
 *                                                       # docs/configuration.md advises for production
 *   DASHBASE_EMBEDDED_MEMORY=64 DASHBASE_EMBEDDED_TIER_UP=false ...   # passed on to the app
 *
 * Mixed traffic, each "visitor" in a loop: a page load (a new session, the page's SQL), the
 * callback that saves a view (session, CSRF, validated insert), and the History page's table fetch.
 * Needs `npm run build` first.
 */
import path from "node:path";
import fs from "node:fs";
import { flagshipSave } from "../test/support/flagship-save.js";
import {
  benchServerUrl,
  bin,
  cleanEnv,
  flagship,
  launch,
  prepareFlagship,
  productionEmbedded,
  productionPostgres,
  rssMb,
  tempDataDir,
  tempServerDatabase,
  type Launched,
} from "./launched-app.js";

const burstS = Number(process.env["BENCH_BURST_S"] ?? 5);
const soakS = Number(process.env["BENCH_SOAK_S"] ?? 20);
const connections = Number(process.env["BENCH_CONNECTIONS"] ?? 8);
const soakPauseMs = Number(process.env["BENCH_SOAK_PAUSE_MS"] ?? 0);
const wantedBackends = (process.env["BENCH_BACKENDS"] ?? "embedded,postgres").split(",");
// glibc reads it only when a process starts: production sets it in the environment (docs/configuration.md).
const glibcTunables = process.env["BENCH_GLIBC_TUNABLES"] ?? "glibc.malloc.trim_threshold=131072";
const allocator = glibcTunables === "" ? {} : { GLIBC_TUNABLES: glibcTunables };
const pages = ["/", "/save", "/history", "/data", "/about"];

// The bare baseline: Fastify and pg imported, one pool, one query per request.
const bareServer = `
const fastify = (await import("fastify")).default;
const pg = (await import("pg")).default;
const pool = new pg.Pool(process.env.BARE_DATABASE_URL ? { connectionString: process.env.BARE_DATABASE_URL } : { host: "/nonexistent" });
const app = fastify();
app.get("/", async () => {
  if (!process.env.BARE_DATABASE_URL) return "ok";
  const { rows } = await pool.query("select 1 as one");
  return rows[0];
});
await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
`;

// The Save page's callback as a page other than /save would send it: no shown view, so the
// server works the view out (the dearer path).
const saveCallback = JSON.stringify({
  callbackId: "..user-name-error.children...save-result.children...save-result.className..",
  ...flagshipSave("Soak"),
  changedPropIds: ["save-button.n_clicks"],
});

// The History page's table (app.table("history", ...)): the first page of saved views.
const historyFetch = JSON.stringify({ path: "/history", page: 0, pageSize: 25, sortBy: [], filter: {} });

interface Counts {
  requests: number;
  failures: number;
  /** The first failure's status and answer, to show what failed. */
  firstFailure?: string;
}

async function count(counts: Counts, what: string, answer: Response): Promise<string> {
  const text = await answer.text();
  counts.requests += 1;
  if (answer.status !== 200) {
    counts.failures += 1;
    counts.firstFailure ??= `${what} ${answer.status}: ${text.slice(0, 200)}`;
  }
  return text;
}

/** One visitor: loads a page (new session each time), saves a view, fetches a table; until `until`. */
async function visitor(base: string, until: number, counts: Counts, index: number, pauseMs: number): Promise<void> {
  let turn = index;
  while (performance.now() < until) {
    turn += 1;
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const path = pages[turn % pages.length]!;
    const page = await fetch(`${base}${path}`);
    const html = await count(counts, `GET ${path}`, page);
    const cookie = page.headers.get("set-cookie")?.split(";")[0];
    const csrf = /"csrfToken":"([^"]+)"/.exec(html)?.[1];
    if (cookie === undefined || csrf === undefined) continue;
    const headers = { cookie, "x-dashbase-csrf": csrf, "content-type": "application/json" };
    if (turn % 3 === 0) {
      await count(counts, "save callback", await fetch(`${base}/_dashbase/callback`, { method: "POST", headers, body: saveCallback }));
    }
    if (turn % 3 === 1) {
      await count(counts, "history table", await fetch(`${base}/_dashbase/table/history`, { method: "POST", headers, body: historyFetch }));
    }
  }
}

async function traffic(base: string, seconds: number, pauseMs = 0): Promise<Counts> {
  const counts = { requests: 0, failures: 0 };
  const until = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, (_, index) => visitor(base, until, counts, index, pauseMs)));
  return counts;
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1_000));

/** RSS after start, after the burst, and sampled over the soak. */
async function measure(name: string, launched: Launched, withTraffic: boolean): Promise<void> {
  const pid = launched.child.pid!;
  const base = `http://127.0.0.1:${launched.port}`;
  await settle();
  const afterStart = rssMb(pid);
  if (!withTraffic) {
    console.log(`${name.padEnd(30)} start ${afterStart.toFixed(0).padStart(4)} MB`);
    return;
  }
  const burst = await traffic(base, burstS);
  await settle();
  const afterBurst = rssMb(pid);
  const samples: number[] = [];
  const soakCounts: Counts = { requests: 0, failures: 0 };
  const slices = Math.max(1, Math.round(soakS / 10));
  for (let slice = 0; slice < slices; slice += 1) {
    const counts = await traffic(base, soakS / slices, soakPauseMs);
    soakCounts.requests += counts.requests;
    soakCounts.failures += counts.failures;
    soakCounts.firstFailure ??= counts.firstFailure;
    samples.push(rssMb(pid));
  }
  const firstHalf = samples.slice(0, Math.ceil(samples.length / 2));
  const secondHalf = samples.slice(Math.ceil(samples.length / 2));
  const growth = secondHalf.length === 0 ? 0 : Math.max(...secondHalf) - Math.max(...firstHalf);
  console.log(
    `${name.padEnd(30)} start ${afterStart.toFixed(0).padStart(4)} MB, after burst ${afterBurst.toFixed(0).padStart(4)} MB ` +
      `(${burst.requests} requests, ${burst.failures} failed), soak ${soakS} s: ${samples.map((mb) => mb.toFixed(0)).join(" ")} MB ` +
      `(${soakCounts.requests} requests, ${soakCounts.failures} failed; peak growth second half ${growth.toFixed(0)} MB)`,
  );
  const failure = burst.firstFailure ?? soakCounts.firstFailure;
  if (failure !== undefined) console.log(`  first failure: ${failure}`);
}

async function main(): Promise<void> {
  console.log(
    `RSS of the flagship in production; burst ${burstS} s and soak ${soakS} s at ${connections} connections` +
      (soakPauseMs > 0 ? ` (soak visitors rest ${soakPauseMs} ms between turns)` : "") +
      `; GLIBC_TUNABLES=${glibcTunables === "" ? "(unset)" : glibcTunables}`,
  );
  const serverUrl = benchServerUrl();
  const bare = await launch(
    ["--input-type=module", "-e", bareServer],
    cleanEnv(serverUrl === undefined ? {} : { BARE_DATABASE_URL: serverUrl }),
  );
  await measure("bare Fastify + pg", bare, false);
  const bareRss = rssMb(bare.child.pid!);
  await bare.stop();

  if (wantedBackends.includes("embedded")) {
    const dataDir = tempDataDir("memory");
    try {
      const env = {
        ...productionEmbedded(dataDir),
        ...allocator,
        ...pick("DASHBASE_EMBEDDED_MEMORY"),
        ...pick("DASHBASE_EMBEDDED_TIER_UP"),
      };
      await prepareFlagship(env);
      const launched = await launch([bin, "start", flagship], env);
      await measure("flagship, embedded (goal 250)", launched, true);
      await launched.stop();
    } finally {
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    }
  }
  if (serverUrl !== undefined && wantedBackends.includes("postgres")) {
    const server = await tempServerDatabase(serverUrl, "memory");
    try {
      const env = { ...productionPostgres(server.url), ...allocator };
      await prepareFlagship(env);
      const launched = await launch([bin, "start", flagship], env);
      await measure("flagship, PostgreSQL (goal 150)", launched, true);
      await launched.stop();
    } finally {
      await server.drop();
    }
  }
  console.log(`(bare Fastify + pg process: ${bareRss.toFixed(0)} MB)`);
}

function pick(name: string): Record<string, string> {
  const value = process.env[name];
  return value === undefined ? {} : { [name]: value };
}

await main();
