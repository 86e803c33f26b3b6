/**
 * The store's per-owner quota on memory, PGlite and PostgreSQL: a write past the key or byte
 * limit is refused with DASHBASE_E_STORE_QUOTA (naming the limit and the current use), nothing
 * already stored changes, and writers racing near the limit (several processes on PostgreSQL)
 * never take an owner past it together.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { isDashbaseError } from "dashbase";
import { createStore, type Store, type StoreOptions } from "dashbase/store";
import { backends, dropServerDatabases } from "../support/backends.js";

after(dropServerDatabases);

const refused = (limit: "keys" | "bytes") => (error: unknown) =>
  isDashbaseError(error, "DASHBASE_E_STORE_QUOTA") && error.details["limit"] === limit && /nothing was written/.test(error.message);

for (const name of ["memory", ...backends.map((backend) => backend.name)]) {
  const backend = backends.find((candidate) => candidate.name === name);
  describe(`store quota per owner on ${name}`, () => {
    const opened: Array<{ store: Store; db?: Database }> = [];
    let db: Database | undefined;
    const open = async (options: StoreOptions): Promise<Store> => {
      db ??= await backend?.open();
      const store = createStore(db === undefined ? { memory: true } : { db }, { sweepIntervalMs: 0, ...options });
      opened.push({ store });
      return store;
    };
    after(async () => {
      await Promise.all(opened.map(({ store }) => store.close()));
      await db?.close();
    });

    it("refuses a key past maxKeysPerOwner, across namespaces, and keeps what was stored", async () => {
      const store = await open({ maxKeysPerOwner: 3 });
      await store.set("keys-owner", "a", 1);
      await store.namespace("persist").set("keys-owner", "b", 2);
      await store.set("keys-owner", "c", 3);
      await assert.rejects(store.set("keys-owner", "d", 4), (error: unknown) => {
        assert.ok(refused("keys")(error));
        const details = (error as { details: Record<string, unknown> }).details;
        assert.equal(details["keys"], 3);
        assert.equal(details["keysAfter"], 4);
        assert.equal(details["maxKeys"], 3);
        assert.match((error as Error).message, /limit of 3 keys per owner: it holds 3 keys/);
        return true;
      });
      await assert.rejects(
        store.setMany("keys-owner", [
          ["c", 30],
          ["e", 5],
        ]),
        refused("keys"),
      );
      await assert.rejects(
        store.update("keys-owner", "f", () => 6),
        refused("keys"),
      );
      // Nothing changed, not even the key setMany would have replaced.
      assert.deepEqual(await store.entries("keys-owner"), [
        ["a", 1],
        ["c", 3],
      ]);
      assert.deepEqual(await store.namespace("persist").entries("keys-owner"), [["b", 2]]);
      // Replacing a key needs no room; another owner has its own quota; a delete makes room.
      await store.set("keys-owner", "a", 10);
      await store.update<number>("keys-owner", "c", (n) => (n ?? 0) + 1);
      await store.set("other-owner", "d", 4);
      await store.delete("keys-owner", "a");
      await store.set("keys-owner", "d", 4);
      assert.deepEqual(await store.entries("keys-owner"), [
        ["c", 4],
        ["d", 4],
      ]);
    });

    it("refuses bytes past maxBytesPerOwner and keeps what was stored", async () => {
      const store = await open({ maxBytesPerOwner: 400 });
      const text = (n: number) => "x".repeat(n);
      await store.set("bytes-owner", "a", text(200));
      await assert.rejects(store.set("bytes-owner", "b", text(250)), (error: unknown) => {
        assert.ok(refused("bytes")(error));
        const details = (error as { details: Record<string, unknown> }).details;
        assert.equal(details["keys"], 1);
        assert.ok(Number(details["bytes"]) >= 200 && Number(details["bytes"]) < 400);
        assert.ok(Number(details["bytesAfter"]) > 400);
        return true;
      });
      assert.equal(await store.get("bytes-owner", "a"), text(200));
      assert.equal(await store.has("bytes-owner", "b"), false);
      await store.set("bytes-owner", "a", text(350)); // replacing counts only the new size
      await assert.rejects(store.set("bytes-owner", "a", text(500)), refused("bytes"));
      assert.equal(await store.get("bytes-owner", "a"), text(350));
    });

    it("takes limits from the options, Infinity for none, and refuses bad ones", async () => {
      const unlimited = await open({ maxKeysPerOwner: Infinity, maxBytesPerOwner: Infinity });
      await unlimited.setMany(
        "many-owner",
        Array.from({ length: 1200 }, (_, i) => [`k${i}`, i] as const),
      );
      assert.equal((await unlimited.keys("many-owner")).length, 1200);
      const defaults = await open({});
      await defaults.setMany(
        "default-owner",
        Array.from({ length: 1000 }, (_, i) => [`k${i}`, i] as const),
      );
      await assert.rejects(defaults.set("default-owner", "one-more", 1), refused("keys"), "the default is 1,000 keys");
      for (const bad of [0, -1, 1.5, "10", null]) {
        assert.throws(
          () => createStore({ memory: true }, { maxKeysPerOwner: bad as number }),
          (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_INVALID_OPTION") && /maxKeysPerOwner/.test((error as Error).message),
        );
      }
      assert.throws(
        () => createStore({ memory: true }, { maxBytesPerOwner: 8 }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_INVALID_OPTION"),
      );
    });

    it("never lets concurrent writers take an owner past its limit", async () => {
      // On PostgreSQL each "process" is its own handle (its own connections).
      const settings = backend?.name === "postgres" ? await backend.settings() : undefined;
      const handles = settings === undefined ? [] : await Promise.all(Array.from({ length: 4 }, () => createDatabase({ settings })));
      try {
        const stores =
          handles.length > 0
            ? handles.map((handle) => createStore({ db: handle }, { sweepIntervalMs: 0, maxKeysPerOwner: 10 }))
            : [await open({ maxKeysPerOwner: 10 })];
        await stores[0]!.set("race-owner", "existing", 0);
        const attempts = await Promise.allSettled(
          Array.from({ length: 40 }, (_, i) => {
            const store = stores[i % stores.length]!;
            return i % 3 === 0
              ? store.update("race-owner", `k${i}`, () => i)
              : i % 3 === 1
                ? store.set("race-owner", `k${i}`, i)
                : store.setMany("race-owner", [[`k${i}`, i]]);
          }),
        );
        const written = attempts.filter((attempt) => attempt.status === "fulfilled").length;
        for (const attempt of attempts)
          if (attempt.status === "rejected") assert.ok(refused("keys")(attempt.reason), String(attempt.reason));
        assert.equal(written, 9);
        assert.equal((await stores[0]!.keys("race-owner")).length, 10);
        assert.equal(await stores[0]!.get("race-owner", "existing"), 0);
        await Promise.all(handles.length > 0 ? stores.map((store) => store.close()) : []);
      } finally {
        await Promise.all(handles.map((handle) => handle.close()));
      }
    });
  });
}
