/**
 * The flagship's save callback (the Save page: a name, Save, a validated `user_preferences`
 * insert answered "Saved as #id") served by `dashbase start` in production configuration, request
 * logs on as shipped, beside a raw `node:http` + `pg` server and a raw `node:http` + PGlite server
 * doing the same insert (bench/raw-save-server.ts; on the embedded database also one with PGlite
 * on a worker thread, to show what a second thread is worth), measured in the same run at 1, 8 and 32
 * connections, with p99 and the ratio to the raw server on the same database. Also the gzipped
 * JS + CSS a browser downloads for a page without and with a graph.
 * Goals (issue 15): at least 0.8x of raw at 8 and 32 connections, p99 at most 15 ms at 32.
 *
 *   npm run build && npx tsx bench/callbacks.bench.ts      # embedded, and PostgreSQL when one answers
 *   BENCH_DURATION_S=10 BENCH_ROUNDS=2 npx tsx bench/callbacks.bench.ts
 *   BENCH_DATABASE_URL=postgres://... (or TEST_DATABASE_URL; else postgres://postgres@127.0.0.1:5432/postgres is tried)
 *   BENCH_BACKENDS=embedded (or postgres) to run one; DASHBASE_REQUEST_LOG=off|sample:N to bench other log settings
 *
 * Every server runs in a process of its own (as in production) and the load comes from autocannon
 * in another, on the same machine: on a small shared machine absolute figures are noisy, so read
 * the ratios, which come from interleaved points of one run, and the CPU time per request (from
 * /proc, user + system; 10 ms ticks, so read it over a few seconds): the server process's own, on
 * PostgreSQL its processes' ("PG"), and the whole machine's ("all", every core: the load generator
 * and the kernel too). When "all" times req/s is near the core count, the machine, not the server's
 * one thread, is what limits the point. The dashbase process's stdout (its request log) is read
 * and counted, as a log collector would, and the bytes per request printed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { postLoad, type Measured } from "./autocannon-load.js";
import { saveRequest } from "./flagship-request.js";
import { tempServerDatabase } from "./launched-app.js";

const durationS = Number(process.env["BENCH_DURATION_S"] ?? 3);
const rounds = Number(process.env["BENCH_ROUNDS"] ?? 1);
const connectionCounts = (process.env["BENCH_CONNECTIONS"] ?? "1,8,32").split(",").map(Number);
const root = path.resolve(import.meta.dirname, "..");
const clientDir = path.join(root, "dist", "client");
const appFile = path.join(root, "examples", "indicators", "app.ts");
const minimalAppFile = path.join(import.meta.dirname, "save-app.ts");
const wantedBackends = (process.env["BENCH_BACKENDS"] ?? "embedded,postgres").split(",");

interface Server {
  url: string;
  child: ChildProcess;
  /** Bytes the process has written to stdout and stderr so far (its log). */
  logBytes(): number;
  stop(): Promise<void>;
}

/** Starts `args` under node with `env`, resolving once it prints the URL it listens on. */
function startServer(args: readonly string[], env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let head = "";
  let bytes = 0;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (head.length > 100_000) return;
      head += chunk.toString();
      const url = /(?:listening|is running at) (http:\/\/[^\s)"]+)/.exec(head)?.[1];
      if (url === undefined) return;
      head = head.slice(0, 100_001); // stop looking
      resolve({
        url,
        child,
        logBytes: () => bytes,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code} before listening:\n${head}`)));
  });
}

function startDashbase(env: Record<string, string>, app = appFile): Promise<Server> {
  const base = { DASHBASE_ENV: "production", SESSION_SECRET: "s".repeat(40), NODE_ENV: "production" };
  return startServer([path.join(root, "bin", "dashbase.js"), "start", app, "--port", "0", "--host", "127.0.0.1", "--migrate", "--seed"], {
    ...base,
    ...env,
  });
}

function startRaw(
  kind: "pg" | "pglite" | "pglite-worker",
  target: string,
  framework: "node:http" | "fastify" = "node:http",
): Promise<Server> {
  const args = ["--import", "tsx", path.join(import.meta.dirname, "raw-save-server.ts"), kind, target];
  return startServer(framework === "fastify" ? [...args, "--fastify"] : args, { NODE_ENV: "production" });
}

interface Target {
  label: string;
  server: Server;
  url: string;
  body: string;
  headers: Record<string, string>;
}

async function dashbaseTarget(label: string, server: Server): Promise<Target> {
  const request = await saveRequest(server.url);
  return { label, server, ...request };
}

function rawTarget(label: string, server: Server, body: string): Target {
  return { label, server, url: `${server.url}/save`, body, headers: {} };
}

interface Point extends Measured {
  logBytesPerRequest: number;
  /** CPU time (user + system) the server process spent per request: steadier than req/s on a shared machine. */
  cpuMsPerRequest: number;
  /** CPU time PostgreSQL's processes spent per request (NaN where none run here). */
  postgresMsPerRequest: number;
  /** CPU time the whole machine was busy per request, every core and process (the load generator's too). */
  machineMsPerRequest: number;
}

/** CPU time (user + system) in ms from the text of a process's /proc stat file. */
function cpuMsOfStat(stat: string): number {
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
  const fields = stat.split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** CPU time a process has used so far, in ms (Linux /proc; NaN elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    return cpuMsOfStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return Number.NaN;
  }
}

/** CPU time each process named `postgres` (the server and its backends) has used so far, in ms, by pid. */
function postgresCpuMs(): Map<number, number> {
  const used = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    if (stat.includes(" (postgres) ")) used.set(Number(entry), cpuMsOfStat(stat));
  }
  return used;
}

/**
 * What PostgreSQL's processes used between two readings: per process, so a backend that exits
 * meanwhile (a pool closing an idle connection) does not take its whole past off the sum.
 */
function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  if (after.size === 0) return Number.NaN;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

/** CPU time the machine's cores have been busy so far (everything but idle and I/O wait), in ms (NaN off Linux). */
function machineBusyMs(): number {
  try {
    const [user, nice, system, , , irq, softirq, steal] = fs
      .readFileSync("/proc/stat", "utf8")
      .split("\n")[0]!
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

async function measure(target: Target, connections: number): Promise<Point> {
  const before = target.server.logBytes();
  const cpuBefore = cpuMs(target.server.child.pid);
  const postgresBefore = postgresCpuMs();
  const machineBefore = machineBusyMs();
  const result = await postLoad(target.url, { connections, durationS, body: target.body, headers: target.headers });
  const requests = result.rps * durationS;
  const perRequest = (ms: number): number => (requests > 0 ? ms / requests : 0);
  return {
    ...result,
    logBytesPerRequest: perRequest(target.server.logBytes() - before),
    cpuMsPerRequest: perRequest(cpuMs(target.server.child.pid) - cpuBefore),
    postgresMsPerRequest: perRequest(postgresCpuBetween(postgresBefore, postgresCpuMs())),
    machineMsPerRequest: perRequest(machineBusyMs() - machineBefore),
  };
}

/** The better of the rounds; the machine is shared, so noise only ever lowers a run. */
function best(points: Point[]): Point {
  return points.reduce((a, b) => (b.rps > a.rps ? b : a));
}

/**
 * Requests each server answers before it is measured: the same number for all, not the same time,
 * so a slower server is as warm as a faster one (V8 optimises hot JavaScript, and PGlite's
 * WebAssembly is recompiled by its optimising tier in the background, after enough calls).
 */
const warmUpRequests = Number(process.env["BENCH_WARM_UP_REQUESTS"] ?? 8000);

/** Warms every target up, then measures them interleaved, `rounds` times per connection count. */
async function compare(targets: Target[]): Promise<Map<Target, Point[]>> {
  for (const target of targets)
    await postLoad(target.url, { connections: 8, requests: warmUpRequests, body: target.body, headers: target.headers });
  const results = new Map<Target, Point[]>(targets.map((target) => [target, []]));
  for (const connections of connectionCounts) {
    const runs = new Map<Target, Point[]>(targets.map((target) => [target, []]));
    for (let round = 0; round < rounds; round++) for (const target of targets) runs.get(target)!.push(await measure(target, connections));
    for (const target of targets) results.get(target)!.push(best(runs.get(target)!));
  }
  return results;
}

/** `onPostgres`: PostgreSQL's CPU column is shown (on the embedded database PGlite's is the server process's own). */
function report(title: string, dashbases: Target[], raws: Target[], results: Map<Target, Point[]>, onPostgres: boolean): void {
  console.log(`\n${title}: save callback, ${durationS} s per point${rounds > 1 ? `, best of ${rounds} interleaved rounds` : ""}`);
  console.log(
    "server                    | conns |  req/s | p50 ms | p99 ms | CPU ms/req | PG ms/req | all ms/req | log B/req | ratio to " +
      raws[0]!.label,
  );
  for (const target of [...dashbases, ...raws]) {
    connectionCounts.forEach((connections, index) => {
      const p = results.get(target)![index]!;
      const ratio = p.rps / results.get(raws[0]!)![index]!.rps;
      const goal = dashbases.includes(target) && connections >= 8 ? (ratio >= 0.8 ? " (goal met)" : " (below 0.8x)") : "";
      const slow = dashbases.includes(target) && connections === 32 && p.p99 > 15 ? " p99 over 15 ms" : "";
      console.log(
        `${target.label.padEnd(25)} | ${String(connections).padStart(5)} | ${p.rps.toFixed(0).padStart(6)} | ${String(p.p50).padStart(6)} | ${String(p.p99).padStart(6)} | ${p.cpuMsPerRequest.toFixed(2).padStart(10)} | ${(!onPostgres || Number.isNaN(p.postgresMsPerRequest) ? "-" : p.postgresMsPerRequest.toFixed(2)).padStart(9)} | ${p.machineMsPerRequest.toFixed(2).padStart(10)} | ${p.logBytesPerRequest.toFixed(0).padStart(9)} | ${ratio.toFixed(2)}x${goal}${slow}${p.errors > 0 ? ` errors: ${p.errors}` : ""}`,
      );
    });
  }
}

async function benchEmbedded(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-bench-"));
  const servers: Server[] = [];
  try {
    const flagship = await startDashbase({ DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: path.join(dir, "app") });
    servers.push(flagship);
    const minimal = await startDashbase({ DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: path.join(dir, "minimal") }, minimalAppFile);
    servers.push(minimal);
    fs.mkdirSync(path.join(dir, "raw"));
    const raw = await startRaw("pglite", path.join(dir, "raw"));
    servers.push(raw);
    // The same raw server with PGlite on a worker thread: what taking the database off the thread
    // that serves HTTP is worth here (the load generator shares the machine's cores).
    fs.mkdirSync(path.join(dir, "raw-worker"));
    const rawWorker = await startRaw("pglite-worker", path.join(dir, "raw-worker"));
    servers.push(rawWorker);
    const targets = [await dashbaseTarget("dashbase flagship", flagship), await dashbaseTarget("dashbase insert only", minimal)];
    const raws = [rawTarget("raw http+PGlite", raw, targets[0]!.body), rawTarget("raw, PGlite on a worker", rawWorker, targets[0]!.body)];
    const results = await compare([...targets, ...raws]);
    report("Embedded (PGlite, data directory on disk)", targets, raws, results, false);
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A PostgreSQL server that answers, or undefined. */
async function postgresUrl(): Promise<string | undefined> {
  const url = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return undefined;
  }
}

async function benchPostgres(url: string): Promise<void> {
  // Each dashbase server gets a database of its own: the insert-only app's seed makes the bare
  // table the raw pg server also uses.
  const flagshipDb = await tempServerDatabase(url, "callbacks_flagship");
  const minimalDb = await tempServerDatabase(url, "callbacks_minimal");
  // Both raw servers in the same run: the PGlite one shows what the embedded database costs beside pg.
  const rawDir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-bench-raw-"));
  const servers: Server[] = [];
  try {
    const flagship = await startDashbase({ DATABASE_URL: flagshipDb.url });
    servers.push(flagship);
    const minimal = await startDashbase({ DATABASE_URL: minimalDb.url }, minimalAppFile);
    servers.push(minimal);
    const rawPg = await startRaw("pg", flagshipDb.url);
    servers.push(rawPg);
    const rawPglite = await startRaw("pglite", rawDir);
    servers.push(rawPglite);
    // The same insert behind a bare Fastify: how much of the gap is the HTTP framework's alone.
    const fastifyPg = await startRaw("pg", minimalDb.url, "fastify");
    servers.push(fastifyPg);
    const targets = [await dashbaseTarget("dashbase flagship", flagship), await dashbaseTarget("dashbase insert only", minimal)];
    const raws = [
      rawTarget("raw http+pg", rawPg, targets[0]!.body),
      rawTarget("bare Fastify+pg", fastifyPg, targets[0]!.body),
      rawTarget("raw http+PGlite", rawPglite, targets[0]!.body),
    ];
    const results = await compare([...targets, ...raws]);
    report(`PostgreSQL ${new URL(url).host} (databases of their own, dropped afterwards)`, targets, raws, results, true);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    fs.rmSync(rawDir, { recursive: true, force: true });
    await flagshipDb.drop();
    await minimalDb.drop();
  }
}

/** Files a module imports statically (`import ... from "./x.js"`), followed recursively. */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(clientDir, file), "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) visit(match[1]!);
  };
  visit(entry);
  return [...seen];
}

function gzipped(file: string): number {
  return fs.statSync(path.join(clientDir, `${file}.gz`)).size;
}

function bundleBytes(): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(clientDir, "manifest.json"), "utf8")) as Record<string, string>;
  // The renderer's own closure plus the Preact modules the page's import map preloads for it.
  const vendor = ["preact.js", "preact-hooks.js", "preact-jsx-runtime.js"].flatMap((name) =>
    manifest[name] === undefined ? [] : [manifest[name]],
  );
  // One file may hold several of the vendor modules (the build bundles the three together): counted once.
  const js = [...new Set([...staticClosure(manifest["main.js"]!), ...vendor])];
  const css = manifest["main.css"] === undefined ? [] : [manifest["main.css"]];
  const page = [...js, ...css].reduce((sum, file) => sum + gzipped(file), 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log("\nJS + CSS a browser downloads (gzipped), from dist/client/manifest.json:");
  console.log(
    `  page without a graph: ${kb(page)} (${[...js, ...css].join(", ")}) ${page < 60 * 1024 ? "(under the 60 KB goal)" : "(over the 60 KB goal)"}`,
  );
  console.log(`  page with a graph of scatter/bar/pie traces: ${kb(page + gzipped(manifest["plotly-basic.js"]!))} (+ plotly-basic)`);
  console.log(`  page with a graph needing the full plotly bundle: ${kb(page + gzipped(manifest["plotly-full.js"]!))} (+ plotly-full)`);
}

if (!fs.existsSync(path.join(clientDir, "manifest.json"))) {
  console.error("dist/client/manifest.json is missing: run `npm run build` first (`dashbase start` serves dist/)");
  process.exit(1);
}
if (wantedBackends.includes("postgres")) {
  const url = await postgresUrl();
  if (url !== undefined) await benchPostgres(url);
  else console.log("\n(no PostgreSQL answered: set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure on PostgreSQL too)");
}
if (wantedBackends.includes("embedded")) await benchEmbedded();
bundleBytes();
