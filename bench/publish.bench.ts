/**
 * Publishing on PostgreSQL: messages per second through the push hub (store, NOTIFY, the
 * process-wide read, delivery to a live stream) at 1, 8 and 32 concurrent publishers, beside the
 * plain way in the same run: each message stored and announced by its own INSERT with pg_notify
 * through a pool, received by a LISTENing client. Every message must reach the stream (or the
 * listener) once; the bench fails otherwise.
 *
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/publish.bench.ts   (or TEST_DATABASE_URL)
 *   BENCH_PUBLISH_N=3000 messages per point (default)
 *
 * A transaction that NOTIFYs holds a lock shared by the whole server until its commit is flushed, so the plain
 * way commits one message at a time; the hub announces what is stored meanwhile together.
 */
import pg from "pg";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "../src/db/create-database.js";
import { openPushHub } from "../src/push/open-push-hub.js";
import { tempServerDatabase } from "./launched-app.js";

const total = Number(process.env["BENCH_PUBLISH_N"] ?? 3000);
const concurrencies = [1, 8, 32];
const serverUrl = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
if (serverUrl === undefined) {
  console.log("publish bench: no PostgreSQL (set BENCH_DATABASE_URL or TEST_DATABASE_URL); LISTEN/NOTIFY needs one");
  process.exit(0);
}

/** Runs `publish` `total` times from `concurrency` callers; resolves with the seconds it took. */
async function timed(concurrency: number, publish: (n: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let n = next++; n < total; n = next++) await publish(n);
    }),
  );
  return (performance.now() - started) / 1000;
}

/** Waits until `count()` reaches `total` (at most 30 s), then returns it. */
async function delivered(count: () => number): Promise<number> {
  const started = performance.now();
  while (count() < total && performance.now() - started < 30_000) await new Promise((resolve) => setTimeout(resolve, 10));
  return count();
}

const temp = await tempServerDatabase(serverUrl, "publish");
const settings = loadSettings({ env: { DATABASE_URL: temp.url } }).database;
const db = await createDatabase({ settings });
const hub = await openPushHub(db, settings, { pruneIntervalMs: 3_600_000 });
const pool = new pg.Pool({ connectionString: temp.url, max: 10 });
const listener = new pg.Client({ connectionString: temp.url });
// Dropping the database at the end ends any connection still closing: not a failure of the bench.
pool.on("error", () => undefined);
listener.on("error", () => undefined);
let failed = false;
try {
  await pool.query("CREATE TABLE plain_push (id bigserial PRIMARY KEY, topic text, payload text NOT NULL)");
  await listener.connect();
  await listener.query("LISTEN plain_push");
  let heard = 0;
  listener.on("notification", () => (heard += 1));
  console.log(`\nPublishing on PostgreSQL ${new URL(serverUrl).host}: ${total} messages per point, one live stream / listener`);
  console.log("publishers | hub msg/s | plain INSERT + pg_notify msg/s | ratio | delivered (hub / plain)");
  for (const concurrency of concurrencies) {
    let received = 0;
    const stream = await hub.openStream({ owner: "bench", tab: "tab-bench-1", topics: ["bench"] }, () => (received += 1));
    const hubSeconds = await timed(concurrency, (n) => hub.publish("bench", { n }));
    const hubDelivered = await delivered(() => received);
    stream.close();
    heard = 0;
    const plainSeconds = await timed(concurrency, async (n) => {
      await pool.query(
        "WITH stored AS (INSERT INTO plain_push (topic, payload) VALUES ('bench', $1) RETURNING id) SELECT pg_notify('plain_push', id::text) FROM stored",
        [JSON.stringify({ n })],
      );
    });
    const plainDelivered = await delivered(() => heard);
    const hubRate = total / hubSeconds;
    const plainRate = total / plainSeconds;
    if (hubDelivered !== total || plainDelivered !== total) failed = true;
    console.log(
      `${String(concurrency).padStart(10)} | ${hubRate.toFixed(0).padStart(9)} | ${plainRate.toFixed(0).padStart(30)} | ${(hubRate / plainRate).toFixed(2)}x | ${hubDelivered} / ${plainDelivered}`,
    );
  }
} finally {
  await hub.close();
  await db.close();
  await listener.end();
  await pool.end();
  await temp.drop();
}
if (failed) {
  console.error(`publish bench: a message was not delivered (expected ${total} at every point)`);
  process.exit(1);
}
