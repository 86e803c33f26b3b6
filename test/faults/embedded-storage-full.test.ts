/**
 * The embedded database on a disk that fills up: writes answer a coded 507, health says the
 * database is not writable, and both recover without a restart once space is freed, with every
 * acknowledged row kept. The data directory is on a small tmpfs filled with a filler file.
 */
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, it } from "node:test";
import { createDatabase } from "dashbase/db";
import { isDashbaseError, type Database } from "dashbase";
import { pgliteTemplate } from "../support/template.js";
import { mountTmpfs, type Tmpfs } from "../support/tmpfs.js";

const mounted = mountTmpfs(96);
const skip = "reason" in mounted ? mounted.reason : false;
const tmpfs = mounted as Tmpfs;
let db: Database;

const storageFull = (error: unknown): boolean => {
  assert.ok(isDashbaseError(error, "DASHBASE_E_DB_STORAGE_FULL"), `expected DASHBASE_E_DB_STORAGE_FULL, got ${String(error)}`);
  assert.equal(error.status, 507);
  assert.match(error.message, /storage is full/);
  return true;
};

async function eventually(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

before(async () => {
  if (skip !== false) return;
  db = await createDatabase({
    settings: { kind: "embedded", dataDir: path.join(tmpfs.path, "data") },
    template: await pgliteTemplate(),
    writeProbeIntervalMs: 200,
    reopenIntervalMs: 300,
  });
  await db.exec("create table notes (n integer primary key, body text not null)");
});

after(async () => {
  if (skip !== false) return;
  await db.close().catch(() => undefined);
  tmpfs.unmount();
});

it(
  "a write that needs a new page on a full disk answers 507 DASHBASE_E_DB_STORAGE_FULL, health says not writable, and both recover when space returns",
  { skip, timeout: 120_000 },
  async () => {
    assert.deepEqual(await db.health().then(({ ok, writable }) => ({ ok, writable })), { ok: true, writable: true });
    const filler = tmpfs.fill();
    // Random bodies do not compress: each row needs new pages.
    await assert.rejects(db.query("insert into notes values (1, $1)", [crypto.randomBytes(20_000).toString("hex")]), storageFull);
    const health = await db.health();
    assert.equal(health.ok, false);
    assert.equal(health.writable, false);
    assert.match(health.error ?? "", /storage is full/);
    // Reads still answer.
    assert.deepEqual((await db.query("select count(*)::int as n from notes")).rows, [{ n: 0 }]);

    fs.rmSync(filler);
    await eventually(async () => (await db.health()).ok, "health ok again after the filler was removed");
    await db.query("insert into notes values (1, $1)", [crypto.randomBytes(20_000).toString("hex")]);
    assert.deepEqual((await db.query("select count(*)::int as n from notes")).rows, [{ n: 1 }]);
  },
);

it(
  "when the write-ahead log cannot grow (a PANIC inside PGlite), statements answer 507 at once instead of hanging, and the database reopens itself with every acknowledged row once space returns",
  { skip, timeout: 180_000 },
  async () => {
    const filler = tmpfs.fill();
    const acked: number[] = [];
    let down = false;
    // Small rows fit the table's existing page; pg_logical_emit_message pushes the log forward
    // (256 KB a call) so that it reaches the end of its 16 MB segment quickly, as heavy write
    // traffic would. A write refused with an ordinary error (no room for a page) leaves the
    // database up: go on until the log itself cannot grow.
    for (let n = 100; n < 100_000 && !down; n += 1) {
      try {
        await db.query("insert into notes values ($1, 'small')", [n]);
        acked.push(n);
        await db.query("select pg_logical_emit_message(false, 'dashbase-test', repeat('x', 262144))");
      } catch (error) {
        storageFull(error);
        down = await db.query("select 1").then(
          () => false,
          (next: unknown) => storageFull(next),
        );
      }
    }
    assert.ok(down, "the write-ahead log filled the disk");
    // Whatever was sent next: a coded answer at once (no hang, the event loop keeps running).
    const started = Date.now();
    await assert.rejects(db.query("select count(*) from notes"), storageFull);
    await assert.rejects(
      db.transaction((tx) => tx.query("insert into notes values (-1, 'x')")),
      storageFull,
    );
    assert.ok(Date.now() - started < 5_000, "answered without hanging");
    const health = await db.health();
    assert.equal(health.ok, false);
    assert.match(health.error ?? "", /storage is full/);

    fs.rmSync(filler);
    await eventually(async () => (await db.health()).ok, "the embedded database reopened after the filler was removed", 30_000);
    const { rows } = await db.query<{ n: number }>("select n from notes where n >= 100 order by n");
    const present = new Set(rows.map((row) => row.n));
    assert.deepEqual(
      acked.filter((n) => !present.has(n)),
      [],
      `all ${acked.length} acknowledged rows survive the PANIC`,
    );
    await db.query("insert into notes values (2, 'after')");
    assert.equal((await db.health()).writable, true);
  },
);
