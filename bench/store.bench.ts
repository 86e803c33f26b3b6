/**
 * Store get/set throughput against the same statements sent raw on the same database handle,
 * and (on PostgreSQL) against Keyv with @keyv/postgres, printed as ratios.
 * Goal: the store within 0.8x of raw SQL, and ahead of Keyv.
 *
 *   npx tsx bench/store.bench.ts                 # PGlite
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/store.bench.ts   # also PostgreSQL (or TEST_DATABASE_URL)
 *
 * "raw" sends the store's own statements through db.query with the same statement names (named
 * prepared statements on PostgreSQL), so store/raw is the cost of the store layer alone.
 *
 * Each case runs one operation at a time (latency-bound, as a callback uses the store) for a
 * fixed slice of time, in interleaved rounds so that machine noise hits every case alike;
 * the best round counts.
 */
import { randomBytes } from "node:crypto";
import KeyvPostgres from "@keyv/postgres";
import Keyv from "keyv";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { ensureInternalSchema } from "dashbase/db";
import { createStore } from "dashbase/store";
import { storeSql, storeSqlNames } from "../src/store/sql-store-backend.js";
import { pgliteTemplate } from "../test/support/template.js";

const sliceMs = Number(process.env["BENCH_SLICE_MS"] ?? 700);
const rounds = 3;
const keyCount = 100;
const value = { indicator: "population", year: 2024, countries: ["FR", "DE", "IT"], shown: true };

type Op = (i: number) => Promise<unknown>;

interface Case {
  name: string;
  op: Op;
}

/** Ops per second of `op` run back to back for `ms`. */
async function measure(op: Op, ms: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  const until = started + ms;
  while (performance.now() < until) {
    await op(count);
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

async function runCases(cases: Case[]): Promise<Map<string, number>> {
  for (const c of cases) await measure(c.op, 150); // warm up: plans cached, JIT done
  const best = new Map<string, number>();
  for (let round = 0; round < rounds; round += 1) {
    for (const c of cases) best.set(c.name, Math.max(best.get(c.name) ?? 0, await measure(c.op, sliceMs)));
  }
  return best;
}

function report(title: string, results: Map<string, number>, withKeyv: boolean): void {
  const ops = (name: string): number => results.get(name) ?? Number.NaN;
  console.log(`\n${title}  (one operation at a time, best of ${rounds} x ${sliceMs} ms)`);
  for (const [name, rate] of results) console.log(`  ${name.padEnd(12)} ${rate.toFixed(0).padStart(8)} ops/s`);
  for (const verb of ["get", "set"]) {
    const vsRaw = ops(`store ${verb}`) / ops(`raw ${verb}`);
    let line = `  ${verb}: store/raw ${vsRaw.toFixed(2)}x (goal >= 0.80: ${vsRaw >= 0.8 ? "met" : "MISSED"})`;
    if (withKeyv) {
      const vsKeyv = ops(`store ${verb}`) / ops(`keyv ${verb}`);
      line += `, store/keyv ${vsKeyv.toFixed(2)}x (goal > 1: ${vsKeyv > 1 ? "met" : "MISSED"})`;
    }
    console.log(line);
  }
}

/** The store and the same statements raw, on one handle, in a namespace of their own. */
async function storeAndRawCases(db: Database, namespace: string): Promise<Case[]> {
  await ensureInternalSchema(db);
  const store = createStore({ db }, { namespace, sweepIntervalMs: 0 });
  const owner = "bench-owner";
  const key = (i: number): string => `key-${i % keyCount}`;
  for (let i = 0; i < keyCount; i += 1) await store.set(owner, key(i), value);
  return [
    { name: "store get", op: (i) => store.get(owner, key(i)) },
    { name: "raw get", op: async (i) => (await db.query(storeSql.get, [owner, namespace, key(i)], storeSqlNames.get)).rows[0]?.["value"] },
    { name: "store set", op: (i) => store.set(owner, key(i), value) },
    { name: "raw set", op: (i) => db.query(storeSql.set, [owner, namespace, key(i), JSON.stringify(value), null], storeSqlNames.set) },
  ];
}

async function benchPglite(): Promise<void> {
  const db = await createDatabase({ settings: { kind: "embedded", dataDir: null }, template: await pgliteTemplate() });
  try {
    report("PGlite (embedded, in memory)", await runCases(await storeAndRawCases(db, "bench")), false);
  } finally {
    await db.close();
  }
}

async function benchPostgres(url: string): Promise<void> {
  const settings = loadSettings({ env: { DATABASE_URL: url } }).database;
  const db = await createDatabase({ settings });
  const namespace = `bench-${randomBytes(4).toString("hex")}`;
  const table = `keyv_bench_${randomBytes(4).toString("hex")}`;
  const keyvStore = new KeyvPostgres({ uri: url, table, max: 1 });
  const keyv = new Keyv({ store: keyvStore, namespace: "bench" });
  try {
    const cases = await storeAndRawCases(db, namespace);
    for (let i = 0; i < keyCount; i += 1) await keyv.set(`key-${i}`, value);
    cases.splice(2, 0, { name: "keyv get", op: (i) => keyv.get(`key-${i % keyCount}`) });
    cases.push({ name: "keyv set", op: (i) => keyv.set(`key-${i % keyCount}`, value) });
    report(`PostgreSQL (${db.location})`, await runCases(cases), true);
  } finally {
    await db.query("DELETE FROM dashbase_store WHERE namespace = $1", [namespace]);
    await db.exec(`DROP TABLE IF EXISTS ${table}`);
    await keyv.disconnect();
    await db.close();
  }
}

await benchPglite();
const url = process.env["BENCH_DATABASE_URL"] ?? process.env["TEST_DATABASE_URL"];
if (url !== undefined && url !== "") await benchPostgres(url);
else console.log("\nPostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)");
