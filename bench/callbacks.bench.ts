/**
 * Callback round trips per second for a callback that inserts a row, against a raw `node:http`
 * endpoint doing the same insert on the same database, at 1, 8 and 32 connections, with p50 and
 * p99 latency; and the gzipped JS + CSS a browser downloads for a page without and with a graph.
 * Goal: dashbase at least 0.7x of raw; under 60 KB without a graph.
 *
 *   npx tsx bench/callbacks.bench.ts                  # PGlite
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/callbacks.bench.ts   # also PostgreSQL (or TEST_DATABASE_URL)
 *
 * The servers run in this process; the load comes from autocannon in a child process so the
 * load generator does not share an event loop with the server it measures. Logging is off on
 * both sides. The dashbase side does everything a browser's request costs: session cookie
 * lookup, CSRF check, registry checks, the handler's insert, JSON answer.
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createApp, html, Input, Output, State } from "dashbase";
import { loadSettings } from "dashbase/config";
import type { PostgresDatabaseSettings, Settings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { pgliteTemplate } from "../test/support/template.js";
import { postLoad, type Measured } from "./autocannon-load.js";

const durationS = Number(process.env["BENCH_DURATION_S"] ?? 2);
const connectionCounts = [1, 8, 32];
const root = path.resolve(import.meta.dirname, "..");
const clientDir = path.join(root, "dist", "client");
const insertSql = "insert into bench_callback_rows (name, clicks) values ($1, $2) returning id";

/** One load point against `url` at `connections` connections. */
function load(url: string, connections: number, body: string, headers: Record<string, string>): Promise<Measured> {
  return postLoad(url, { connections, durationS, body, headers });
}

function listenRaw(handle: (name: string, clicks: number) => Promise<number>): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { inputs: Array<{ value: number }>; state: Array<{ value: string }> };
      handle(body.state[0]!.value, body.inputs[0]!.value).then(
        (id) => {
          const answer = JSON.stringify({ response: { saved: { children: `Saved #${id}` } } });
          response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer);
        },
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function urlOf(server: http.Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
}

async function dashbaseTarget(
  db: Database,
  settings: Settings,
): Promise<{ url: string; headers: Record<string, string>; close(): Promise<void> }> {
  const app = createApp({ title: "Bench", server: { clientDir, logger: false, handleSignals: false } });
  app.page("/", { layout: html.Div([html.Button("Save", { id: "save" }), html.Div({ id: "saved" }), html.Div({ id: "name" })]) });
  app.callback(
    [Output("saved", "children")],
    [Input<number>("save", "n_clicks")],
    [State<string>("name", "value")],
    async ([clicks], [name], { db }) => {
      const { rows } = await db.query<{ id: number }>(insertSql, [name, clicks]);
      return [`Saved #${rows[0]!.id}`];
    },
  );
  const running = await app.listen({ db, settings, host: "127.0.0.1", port: 0 });
  const shell = await fetch(`${running.url}/`);
  const cookie = shell.headers.get("set-cookie")!.split(";")[0]!;
  const boot = JSON.parse(/<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(await shell.text())![1]!) as {
    csrfToken: string;
  };
  return { url: `${running.url}/_dashbase/callback`, headers: { cookie, "x-dashbase-csrf": boot.csrfToken }, close: running.close };
}

const callbackBody = JSON.stringify({
  callbackId: "saved.children",
  outputs: [{ id: "saved", property: "children" }],
  inputs: [{ id: "save", property: "n_clicks", value: 1 }],
  state: [{ id: "name", property: "value", value: "bench" }],
  changedPropIds: ["save.n_clicks"],
});

/** The better of two runs; the machine is shared, so noise only ever lowers a run. */
function best(a: Measured, b: Measured): Measured {
  return a.rps >= b.rps ? a : b;
}

/** Warms both up, then alternates dashbase and raw runs (two rounds) per connection count. */
async function compare(target: { url: string; headers: Record<string, string> }, rawUrl: string): Promise<[Measured[], Measured[]]> {
  await load(target.url, 8, callbackBody, target.headers);
  await load(rawUrl, 8, callbackBody, {});
  const dashbase: Measured[] = [];
  const raw: Measured[] = [];
  for (const c of connectionCounts) {
    const d1 = await load(target.url, c, callbackBody, target.headers);
    const r1 = await load(rawUrl, c, callbackBody, {});
    const d2 = await load(target.url, c, callbackBody, target.headers);
    const r2 = await load(rawUrl, c, callbackBody, {});
    dashbase.push(best(d1, d2));
    raw.push(best(r1, r2));
  }
  return [dashbase, raw];
}

function report(label: string, dashbase: Measured[], raw: Measured[]): void {
  console.log(`\n${label}: callback inserting a row, best of 2 interleaved runs of ${durationS} s`);
  console.log("connections | dashbase req/s  p50 ms  p99 ms | raw req/s  p50 ms  p99 ms | ratio");
  connectionCounts.forEach((connections, index) => {
    const d = dashbase[index]!;
    const r = raw[index]!;
    const ratio = d.rps / r.rps;
    console.log(
      `${String(connections).padStart(11)} | ${d.rps.toFixed(0).padStart(14)} ${String(d.p50).padStart(7)} ${String(d.p99).padStart(7)} | ${r.rps.toFixed(0).padStart(9)} ${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} | ${ratio.toFixed(2)}x ${ratio >= 0.7 ? "(goal met)" : "(below the 0.7x goal)"}${d.errors + r.errors > 0 ? ` errors: ${d.errors}/${r.errors}` : ""}`,
    );
  });
}

async function benchPglite(settings: Settings): Promise<void> {
  const template = await pgliteTemplate();
  const db = await createDatabase({ settings: { kind: "embedded", dataDir: null }, template });
  await db.exec(
    "create table bench_callback_rows (id serial primary key, name text not null, clicks integer, at timestamptz default now())",
  );
  const target = await dashbaseTarget(db, settings);
  const pglite = await PGlite.create({ loadDataDir: template });
  await pglite.exec(
    "create table bench_callback_rows (id serial primary key, name text not null, clicks integer, at timestamptz default now())",
  );
  const raw = await listenRaw(async (name, clicks) => (await pglite.query<{ id: number }>(insertSql, [name, clicks])).rows[0]!.id);
  const [dashbase, rawResults] = await compare(target, `${urlOf(raw)}/insert`);
  report("PGlite (embedded; raw side: node:http + PGlite)", dashbase, rawResults);
  await target.close();
  await new Promise((resolve) => raw.close(resolve));
  await pglite.close();
  await db.close();
}

async function benchPostgres(url: string, settings: Settings): Promise<void> {
  const base = loadSettings({ env: { DATABASE_URL: url } }).database as PostgresDatabaseSettings;
  const db = await createDatabase({ settings: base });
  await db.exec(
    "drop table if exists bench_callback_rows; create table bench_callback_rows (id serial primary key, name text not null, clicks integer, at timestamptz default now())",
  );
  const target = await dashbaseTarget(db, settings);
  const pool = new pg.Pool({
    host: base.host,
    port: base.port,
    user: base.user,
    password: base.password,
    database: base.database,
    max: base.pool.max,
  });
  const raw = await listenRaw(async (name, clicks) => (await pool.query<{ id: number }>(insertSql, [name, clicks])).rows[0]!.id);
  const [dashbase, rawResults] = await compare(target, `${urlOf(raw)}/insert`);
  report(`PostgreSQL ${base.displayUrl} (pool max ${base.pool.max} on both sides; raw side: node:http + pg)`, dashbase, rawResults);
  await target.close();
  await new Promise((resolve) => raw.close(resolve));
  await pool.end();
  await db.exec("drop table if exists bench_callback_rows");
  await db.close();
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

const settings = loadSettings({
  env: { DASHBASE_ENV: "test", SESSION_SECRET: "b".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
});
if (!fs.existsSync(path.join(clientDir, "manifest.json"))) {
  console.error("dist/client/manifest.json is missing: run `npm run build` first");
  process.exit(1);
}
await benchPglite(settings);
const url = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
if (url) await benchPostgres(url, settings);
else console.log("\n(set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure on PostgreSQL too)");
bundleBytes();
