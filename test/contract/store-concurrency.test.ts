/**
 * The store under concurrency, as several app processes use it: on PostgreSQL each store has
 * its own Database handle (its own pool, so its own connections); PGlite is one connection, so
 * its stores share one handle; memory is one process.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { ensureInternalSchema } from "dashbase/db";
import { createStore } from "dashbase/store";
import type { Store } from "dashbase/store";
import { backends, dropServerDatabases } from "../support/backends.js";

interface Fleet {
  /** One store per simulated process. */
  stores: Store[];
  handles: Database[];
}

/** `count` stores on one fresh database, each on its own connections where the backend has more than one. */
async function openFleet(name: string, count: number): Promise<Fleet> {
  if (name === "memory") {
    const store = createStore({ memory: true }, { sweepIntervalMs: 0 });
    return { stores: Array.from({ length: count }, () => store), handles: [] };
  }
  const backend = backends.find((candidate) => candidate.name === name);
  assert.ok(backend !== undefined);
  if (backend.name === "pglite") {
    const db = await backend.open();
    return { stores: Array.from({ length: count }, () => createStore({ db }, { sweepIntervalMs: 0 })), handles: [db] };
  }
  const settings = await backend.settings();
  assert.equal(settings.kind, "postgres");
  const handles = await Promise.all(
    Array.from({ length: count }, () =>
      createDatabase({ settings: { ...settings, pool: { ...settings.pool, max: 5, acquireTimeoutMs: 60_000 } } }),
    ),
  );
  return { stores: handles.map((db) => createStore({ db }, { sweepIntervalMs: 0 })), handles };
}

async function closeFleet(fleet: Fleet): Promise<void> {
  await Promise.all(fleet.stores.map((store) => store.close()));
  await Promise.all(fleet.handles.map((db) => db.close()));
}

after(dropServerDatabases);

for (const name of ["memory", ...backends.map((backend) => backend.name)]) {
  describe(`store concurrency on ${name}`, () => {
    it("ends at exactly 50 after 50 concurrent increments of a new key and of an existing one", async () => {
      const fleet = await openFleet(name, 5);
      try {
        await fleet.stores[0]?.set("u", "existing", 0);
        const increment = async (n: number | undefined): Promise<number> => {
          // Yield while holding the row, so the other updates really do arrive in between.
          await sleep(1);
          return (n ?? 0) + 1;
        };
        const runs = Array.from({ length: 50 }, (_, i) => fleet.stores[i % fleet.stores.length] as Store);
        const results = await Promise.all(
          runs.flatMap((store) => [store.update<number>("u", "new", increment), store.update<number>("u", "existing", increment)]),
        );
        assert.equal(await fleet.stores[1]?.get("u", "new"), 50);
        assert.equal(await fleet.stores[2]?.get("u", "existing"), 50);
        // Every update saw a different value: each one ran alone on the key.
        const seen = results.filter((_, i) => i % 2 === 0).sort((a, b) => a - b);
        assert.deepEqual(
          seen,
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      } finally {
        await closeFleet(fleet);
      }
    });

    it("never loses a set that races an update creating the same key", async () => {
      const fleet = await openFleet(name, 2);
      try {
        for (let round = 0; round < 10; round += 1) {
          const key = `race-${round}`;
          const [writer, updater] = fleet.stores as [Store, Store];
          await Promise.all([
            updater.update<number>("u", key, async (n) => {
              await sleep(2);
              return (n ?? 0) + 1;
            }),
            writer.set("u", key, 100),
          ]);
          const final = await writer.get<number>("u", key);
          assert.ok(final === 100 || final === 101, `round ${round}: expected 100 (set last) or 101 (update last), found ${final}`);
        }
      } finally {
        await closeFleet(fleet);
      }
    });

    if (name !== "memory") {
      it("lets two store instances on separate connections see each other's writes", async () => {
        const fleet = await openFleet(name, 2);
        try {
          const [a, b] = fleet.stores as [Store, Store];
          await a.set("u", "from-a", { at: new Date(5) });
          assert.deepEqual(await b.get("u", "from-a"), { at: new Date(5) });
          await b.update<number>("u", "count", (n) => (n ?? 0) + 1);
          await a.update<number>("u", "count", (n) => (n ?? 0) + 1);
          assert.equal(await b.get("u", "count"), 2);
          await b.setMany(
            "u",
            [
              ["x", 1],
              ["y", 2],
            ],
            { ttl: 60_000 },
          );
          assert.deepEqual(await a.keys("u"), ["count", "from-a", "x", "y"]);
          assert.equal(await a.delete("u", "x"), true);
          assert.equal(await b.has("u", "x"), false);
          assert.equal(await b.clear("u"), 3);
          assert.deepEqual(await a.entries("u"), []);
        } finally {
          await closeFleet(fleet);
        }
      });

      it("creates its tables once when several processes start on an empty database at once", async () => {
        const fleet = await openFleet(name, 4);
        try {
          const dbs = fleet.handles.length > 1 ? fleet.handles : [fleet.handles[0], fleet.handles[0], fleet.handles[0]];
          await Promise.all(dbs.map((db) => ensureInternalSchema(db as Database)));
          await Promise.all(fleet.stores.map((store, i) => store.set(`owner-${i}`, "k", i)));
          await ensureInternalSchema(fleet.handles[0] as Database);
          const { rows } = await (fleet.handles[0] as Database).query<{ name: string }>(
            "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'dashbase\\_s%' ORDER BY tablename",
          );
          assert.deepEqual(
            rows.map((row) => row.name),
            ["dashbase_sessions", "dashbase_store"],
          );
        } finally {
          await closeFleet(fleet);
        }
      });
    }
  });
}
