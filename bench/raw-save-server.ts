/**
 * The limit the callback bench compares dashbase with: a bare `node:http` server doing the
 * flagship's save (read the name from the callback body the browser sends, check it, insert one
 * `user_preferences` row, answer "Saved #id" as JSON) on `pg` or on PGlite, with no framework,
 * no session, no logging. Run in a process of its own, as dashbase is:
 *
 *   node --import tsx bench/raw-save-server.ts pg postgres://postgres@127.0.0.1:5432/db
 *   node --import tsx bench/raw-save-server.ts pglite /tmp/some-empty-dir
 *
 * It prints "listening http://127.0.0.1:<port>" once it serves.
 */
import http from "node:http";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { loadSettings } from "dashbase/config";
import type { PostgresDatabaseSettings } from "dashbase/config";
import { createUserPreferences, savedSelection } from "./save-table.js";

const [kind, target] = process.argv.slice(2);
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
} else {
  console.error("usage: raw-save-server.ts pg <DATABASE_URL> | pglite <data dir>");
  process.exit(2);
}

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    let name: unknown;
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { state?: Array<{ value?: unknown }> };
      name = body.state?.[0]?.value;
    } catch {
      response.writeHead(400).end();
      return;
    }
    const userName = typeof name === "string" ? name.trim() : "";
    if (userName === "" || userName.length > 60) {
      response.writeHead(400).end();
      return;
    }
    insert(userName).then(
      (id) => {
        const answer = JSON.stringify({ response: { "save-result": { children: `Saved #${id}` } } });
        response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) }).end(answer);
      },
      (error: unknown) => response.writeHead(500).end(String(error)),
    );
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`);
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => server.close(() => process.exit(0)));
