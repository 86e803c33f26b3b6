/**
 * The limit the callback bench compares dashbase with: a bare `node:http` server doing the
 * flagship's save (read the name from the callback body the browser sends, check it, insert one
 * `user_preferences` row, answer "Saved #id" as JSON) on `pg` or on PGlite, with no framework,
 * no session, no logging. Run in a process of its own, as dashbase is:
 *
 *   node --import tsx bench/raw-save-server.ts pg postgres://postgres@127.0.0.1:5432/db
 *   node --import tsx bench/raw-save-server.ts pglite /tmp/some-empty-dir
 *   node --import tsx bench/raw-save-server.ts pglite-worker /tmp/some-empty-dir
 *
 * `pglite-worker` runs PGlite in a worker thread (raw-pglite-worker.ts) and the HTTP side on the
 * main thread. With `--fastify` the same handler is served by a bare Fastify (its default JSON
 * body parser, no logger, no hooks): the HTTP framework's own share of the gap, beside the raw
 * server.
 *
 * It prints "listening http://127.0.0.1:<port>" once it serves.
 */
import http from "node:http";
import { Worker } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import Fastify from "fastify";
import pg from "pg";
import { loadSettings } from "dashbase/config";
import type { PostgresDatabaseSettings } from "dashbase/config";
import type { StatementAnswer, StatementRequest } from "./raw-pglite-worker.js";
import { createUserPreferences, savedSelection } from "./save-table.js";

const [kind, target, framework] = process.argv.slice(2);
const usage = "usage: raw-save-server.ts pg <DATABASE_URL> | pglite <data dir> | pglite-worker <data dir> [--fastify]";
if (framework !== undefined && framework !== "--fastify") {
  console.error(`${usage}\n(unknown option ${framework})`);
  process.exit(2);
}
const insertSql = "insert into user_preferences (user_name, selection, legend, owner) values ($1, $2, $3, $4) returning id";

let insert: (name: string) => Promise<number>;
if (kind === "pg" && target !== undefined) {
  const base = loadSettings({ env: { DATABASE_URL: target } }).database as PostgresDatabaseSettings;
  // The same pool size as dashbase's default on this URL.
  const pool = new pg.Pool({
    host: base.host,
    port: base.port,
    user: base.user,
    password: base.password,
    database: base.database,
    max: base.pool.max,
  });
  await pool.query(createUserPreferences);
  insert = async (name) => (await pool.query<{ id: number }>(insertSql, [name, savedSelection, "Population", "raw"])).rows[0]!.id;
} else if (kind === "pglite" && target !== undefined) {
  // A data directory on disk, as dashbase's embedded database keeps.
  const db = await PGlite.create({ dataDir: target });
  await db.exec(createUserPreferences);
  insert = async (name) => (await db.query<{ id: number }>(insertSql, [name, savedSelection, "Population", "raw"])).rows[0]!.id;
} else if (kind === "pglite-worker" && target !== undefined) {
  // A worker does not inherit the TypeScript loader: it registers its own before loading the module.
  const hostUrl = new URL("./raw-pglite-worker.ts", import.meta.url).href;
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(hostUrl)}); })`;
  const worker = new Worker(boot, { eval: true, workerData: { dataDir: target } });
  await new Promise((resolve, reject) =>
    worker
      .once("message", resolve)
      .once("error", reject)
      .once("exit", (code) => reject(new Error(`PGlite's worker exited with code ${code} before it was ready`))),
  );
  // Statements waiting on a worker that failed would never be answered: fail the server instead.
  worker.on("error", (error) => {
    console.error(`PGlite's worker failed: ${error.message}`);
    process.exit(1);
  });
  const waiting = new Map<number, { resolve: (id: number) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  worker.on("message", (answer: StatementAnswer) => {
    const caller = waiting.get(answer.id)!;
    waiting.delete(answer.id);
    if ("error" in answer) caller.reject(new Error(answer.error));
    else caller.resolve(answer.rows[0]!["id"] as number);
  });
  insert = (name) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, text: insertSql, params: [name, savedSelection, "Population", "raw"] } satisfies StatementRequest);
    });
} else {
  console.error(usage);
  process.exit(2);
}

/** The part of the callback body the browser sends that this server reads: the name typed. */
type SaveBody = { state?: Array<{ value?: unknown }> } | undefined;

/** The user's name from the callback body, or undefined when it is not a valid one. */
function userNameOf(body: SaveBody): string | undefined {
  const name = body?.state?.[0]?.value;
  const userName = typeof name === "string" ? name.trim() : "";
  return userName === "" || userName.length > 60 ? undefined : userName;
}

const answerOf = (id: number): string => JSON.stringify({ response: { "save-result": { children: `Saved #${id}` } } });

function printListening(address: ReturnType<http.Server["address"]>): void {
  console.log(`listening http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`);
}

if (framework === "--fastify") {
  const app = Fastify({ logger: false });
  app.post("/save", async (request, reply) => {
    const userName = userNameOf(request.body as SaveBody);
    if (userName === undefined) return reply.code(400).send();
    return reply.type("application/json").send(answerOf(await insert(userName)));
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  printListening(app.server.address());
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
} else {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let userName: string | undefined;
      try {
        userName = userNameOf(JSON.parse(Buffer.concat(chunks).toString()) as SaveBody);
      } catch {
        userName = undefined; // not JSON: refused like a missing name
      }
      if (userName === undefined) {
        response.writeHead(400).end();
        return;
      }
      insert(userName).then(
        (id) => {
          const answer = answerOf(id);
          response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer);
        },
        (error: unknown) => response.writeHead(500).end(String(error)),
      );
    });
  });
  server.listen(0, "127.0.0.1", () => printListening(server.address()));
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
}
