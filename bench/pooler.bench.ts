/**
 * What running behind a pooler costs: store get/set (single statements) and a one-insert
 * transaction, one at a time, on four connections to one PostgreSQL database:
 *
 * - direct: the server itself, named statements on, the timeout as a startup parameter (baseline);
 * - direct, transaction switch: the server itself with DASHBASE_DB_POOLER=transaction (named
 *   statements off, SET LOCAL statement_timeout per transaction): the switch's own cost;
 * - PgBouncer transaction: Debian's PgBouncer in transaction mode, with the switch;
 * - PgBouncer session: PgBouncer in session mode, DASHBASE_DB_POOLER=session (named statements on).
 *
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/pooler.bench.ts   (or TEST_DATABASE_URL; needs /usr/sbin/pgbouncer)
 *
 * Interleaved rounds so that machine noise hits every case alike; the best round counts.
 * Printed as ratios to the direct baseline measured in the same run.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadSettings } from "dashbase/config";
import { createDatabase, ensureInternalSchema } from "dashbase/db";
import type { Database } from "dashbase";
import { createStore, type Store } from "dashbase/store";
import { hasPgBouncer, startPgBouncer, type PgBouncer } from "../test/support/pgbouncer.js";

const sliceMs = Number(process.env["BENCH_SLICE_MS"] ?? 500);
const rounds = 3;
const serverUrl = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];

type Op = (i: number) => Promise<unknown>;

async function measure(op: Op, ms: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  while (performance.now() < started + ms) {
    await op(count);
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

interface Target {
  name: string;
  db: Database;
  store: Store;
}

async function open(name: string, env: Record<string, string>, namespace: string): Promise<Target> {
  const db = await createDatabase({ settings: loadSettings({ env: { DASHBASE_ENV: "test", ...env } }).database });
  return { name, db, store: createStore({ db }, { namespace, sweepIntervalMs: 0 }) };
}

async function main(): Promise<void> {
  if (serverUrl === undefined || !hasPgBouncer()) {
    console.log("skipped: needs BENCH_DATABASE_URL (or TEST_DATABASE_URL) and /usr/sbin/pgbouncer");
    return;
  }
  const name = `dashbase_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const direct = url.toString();
  const bouncers: PgBouncer[] = [];
  const targets: Target[] = [];
  try {
    const transactionBouncer = await startPgBouncer({ serverHost: url.hostname, serverPort: Number(url.port || 5432) });
    const sessionBouncer = await startPgBouncer({ serverHost: url.hostname, serverPort: Number(url.port || 5432), poolMode: "session" });
    bouncers.push(transactionBouncer, sessionBouncer);
    const namespace = "bench";
    targets.push(await open("direct", { DATABASE_URL: direct }, namespace));
    await ensureInternalSchema(targets[0]!.db);
    await targets[0]!.db.exec("create table bench_rows (id serial primary key, n integer not null)");
    targets.push(await open("direct, transaction switch", { DATABASE_URL: direct, DASHBASE_DB_POOLER: "transaction" }, namespace));
    targets.push(
      await open(
        "PgBouncer transaction",
        { DATABASE_URL: transactionBouncer.urlFor(direct), DASHBASE_DB_POOLER: "transaction" },
        namespace,
      ),
    );
    targets.push(
      await open("PgBouncer session", { DATABASE_URL: sessionBouncer.urlFor(direct), DASHBASE_DB_POOLER: "session" }, namespace),
    );

    const ops: Record<string, (target: Target) => Op> = {
      "store get": (target) => (i) => target.store.get("owner", `key-${i % 50}`),
      "store set": (target) => (i) => target.store.set("owner", `key-${i % 50}`, { i, shown: true }),
      transaction: (target) => (i) => target.db.transaction((tx) => tx.query("insert into bench_rows (n) values ($1)", [i])),
    };
    const best = new Map<string, number>();
    for (const make of Object.values(ops)) for (const target of targets) await measure(make(target), 100);
    for (let round = 0; round < rounds; round += 1) {
      for (const [opName, make] of Object.entries(ops)) {
        for (const target of targets) {
          const key = `${opName}|${target.name}`;
          best.set(key, Math.max(best.get(key) ?? 0, await measure(make(target), sliceMs)));
        }
      }
    }
    console.log(`\none operation at a time, best of ${rounds} x ${sliceMs} ms; ratio to direct in the same run`);
    console.log(
      `  ${"".padEnd(28)}${Object.keys(ops)
        .map((op) => op.padStart(22))
        .join("")}`,
    );
    for (const target of targets) {
      const cells = Object.keys(ops).map((op) => {
        const rate = best.get(`${op}|${target.name}`) ?? Number.NaN;
        const base = best.get(`${op}|direct`) ?? Number.NaN;
        return `${rate.toFixed(0)}/s ${(rate / base).toFixed(2)}x`.padStart(22);
      });
      console.log(`  ${target.name.padEnd(28)}${cells.join("")}`);
    }
  } finally {
    for (const target of targets) {
      await target.store.close();
      await target.db.close();
    }
    for (const bouncer of bouncers) await bouncer.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
