/**
 * The store's contract, run on the memory backend, on PGlite, and on PostgreSQL when
 * TEST_DATABASE_URL is set: every method, expiry, the codec, validation, owner isolation.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Database } from "dashbase";
import type { ErrorCode } from "dashbase";
import { isDashbaseError } from "dashbase";
import { createStore } from "dashbase/store";
import type { Store } from "dashbase/store";
import { dropServerDatabases, withPooler } from "../support/backends.js";

interface Target {
  name: string;
  open(): Promise<Database | undefined>;
}

const targets: Target[] = [
  { name: "memory", open: async () => undefined },
  ...withPooler.map((backend) => ({ name: backend.name, open: () => backend.open() })),
];

async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isDashbaseError(error, code), `expected ${code}, got ${String(error)}`);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

after(dropServerDatabases);

for (const target of targets) {
  describe(`store contract on ${target.name}`, () => {
    let db: Database | undefined;
    let root: Store;
    let counter = 0;
    /** A fresh namespace per test, so tests on one database never see each other's keys. */
    const fresh = (): Store => root.namespace(`test-${(counter += 1)}`);

    before(async () => {
      db = await target.open();
      root = createStore(db === undefined ? { memory: true } : { db }, { sweepIntervalMs: 0 });
    });
    after(async () => {
      await root.close();
      await db?.close();
    });

    it("returns what set stored, and undefined for a key never set", async () => {
      const store = fresh();
      await store.set("u", "greeting", { text: "hello", n: 3, ok: true, none: null, list: [1, "two"] });
      assert.deepEqual(await store.get("u", "greeting"), { text: "hello", n: 3, ok: true, none: null, list: [1, "two"] });
      assert.equal(await store.get("u", "missing"), undefined);
      await store.set("u", "greeting", "replaced");
      assert.equal(await store.get("u", "greeting"), "replaced");
    });

    it("answers has() for present and missing keys", async () => {
      const store = fresh();
      await store.set("u", "a", 0);
      assert.equal(await store.has("u", "a"), true);
      assert.equal(await store.has("u", "b"), false);
      assert.equal(await store.has("v", "a"), false);
    });

    it("lists keys and entries in code point order", async () => {
      const store = fresh();
      for (const key of ["b", "a", "B", "é", "😀", "\uffff", "a0"]) await store.set("u", key, key.length);
      const expected = ["B", "a", "a0", "b", "é", "\uffff", "😀"];
      assert.deepEqual(await store.keys("u"), expected);
      assert.deepEqual(
        await store.entries("u"),
        expected.map((key) => [key, key.length]),
      );
      assert.deepEqual(await store.keys("nobody"), []);
      assert.deepEqual(await store.entries("nobody"), []);
    });

    it("deletes a key, returning whether it was there, and throws on a missing key only when asked", async () => {
      const store = fresh();
      await store.set("u", "a", 1);
      assert.equal(await store.delete("u", "a"), true);
      assert.equal(await store.get("u", "a"), undefined);
      assert.equal(await store.delete("u", "a"), false);
      assert.equal(await store.delete("u", "a", { ifMissing: "ignore" }), false);
      await rejectsWith(store.delete("u", "a", { ifMissing: "throw" }), "DASHBASE_E_STORE_KEY_NOT_FOUND", /"a"/);
      await store.set("u", "b", 1);
      assert.equal(await store.delete("u", "b", { ifMissing: "throw" }), true);
    });

    it("clears one owner's keys in one namespace and counts them", async () => {
      const store = fresh();
      const other = fresh();
      await store.setMany("u", [
        ["a", 1],
        ["b", 2],
        ["c", 3],
      ]);
      await store.set("w", "a", 1);
      await other.set("u", "a", 1);
      assert.equal(await store.clear("u"), 3);
      assert.deepEqual(await store.keys("u"), []);
      assert.deepEqual(await store.keys("w"), ["a"]);
      assert.deepEqual(await other.keys("u"), ["a"]);
      assert.equal(await store.clear("u"), 0);
    });

    it("gets many values in the order asked, undefined where missing, a separate copy per repeat", async () => {
      const store = fresh();
      await store.setMany("u", [
        ["a", { n: 1 }],
        ["b", [2]],
      ]);
      const values = await store.getMany<unknown>("u", ["b", "missing", "a", "a"]);
      assert.deepEqual(values, [[2], undefined, { n: 1 }, { n: 1 }]);
      assert.notEqual(values[2], values[3]);
      assert.deepEqual(await store.getMany("u", []), []);
    });

    it("deletes every value of the given owners in every namespace, and no one else's", async () => {
      const one = fresh();
      const two = fresh();
      // Owners of their own: deleteOwners reaches across the namespaces other tests use.
      const [gone, goneToo, kept, prefixed] = ["del-gone", "del-gone-too", "del-kept", "del-gone-1"].map(
        (owner) => `${owner}-${counter}`,
      ) as [string, string, string, string];
      await one.set(gone, "k", 1);
      await two.setMany(gone, [
        ["k", 2],
        ["j", 3],
      ]);
      await one.set(goneToo, "k", 4, { ttl: 60_000 });
      await one.set(kept, "k", 5);
      await two.set(prefixed, "k", 6);
      await one.deleteOwners([gone, goneToo, gone]);
      assert.deepEqual([await one.keys(gone), await two.keys(gone), await one.keys(goneToo)], [[], [], []]);
      assert.equal(await one.get(kept, "k"), 5);
      assert.equal(await two.get(prefixed, "k"), 6);
      await one.deleteOwners([]);
      await rejectsWith(one.deleteOwners([kept, ""]), "DASHBASE_E_STORE_INVALID_OWNER");
      await rejectsWith(one.deleteOwners(kept as never), "DASHBASE_E_STORE_INVALID_OPTION");
      assert.equal(await one.get(kept, "k"), 5, "a refused call deletes nothing");
    });

    it("sets many values at once, the last of a repeated key winning", async () => {
      const store = fresh();
      await store.setMany("u", [
        ["a", 1],
        ["b", 2],
        ["a", 3],
      ]);
      assert.deepEqual(await store.entries("u"), [
        ["a", 3],
        ["b", 2],
      ]);
      await store.setMany("u", []);
      assert.deepEqual(await store.keys("u"), ["a", "b"]);
    });

    it("writes nothing from setMany when one of its values is refused", async () => {
      const store = fresh();
      await rejectsWith(
        store.setMany("u", [
          ["a", 1],
          ["b", () => 2],
        ]),
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
      );
      await rejectsWith(
        store.setMany("u", [
          ["a", 1],
          ["", 2],
        ]),
        "DASHBASE_E_STORE_INVALID_KEY",
      );
      assert.deepEqual(await store.keys("u"), []);
    });

    it("updates from undefined, then from the stored value, returning the new value", async () => {
      const store = fresh();
      assert.equal(await store.update<number>("u", "n", (n) => (n ?? 0) + 1), 1);
      assert.equal(await store.update<number>("u", "n", async (n) => (n ?? 0) + 10), 11);
      assert.equal(await store.get("u", "n"), 11);
      const list = await store.update<Set<string>>("u", "tags", (set) => new Set([...(set ?? []), "x"]));
      assert.deepEqual(list, new Set(["x"]));
      assert.deepEqual(await store.get("u", "tags"), new Set(["x"]));
    });

    it("leaves the value unchanged when the update function throws or returns something refused", async () => {
      const store = fresh();
      await store.set("u", "n", 5);
      await assert.rejects(
        store.update("u", "n", () => {
          throw new Error("no");
        }),
        /no/,
      );
      await rejectsWith(
        store.update("u", "n", () => Symbol("s")),
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
      );
      await rejectsWith(
        store.update("u", "n", () => undefined),
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
      );
      assert.equal(await store.get("u", "n"), 5);
      await rejectsWith(store.update("u", "n", "not a function" as never), "DASHBASE_E_STORE_INVALID_OPTION");
    });

    it("keeps namespaces apart for the same owner and key", async () => {
      const a = fresh();
      const b = fresh();
      await a.set("u", "k", "in a");
      await b.set("u", "k", "in b");
      assert.equal(await a.get("u", "k"), "in a");
      assert.equal(await b.get("u", "k"), "in b");
      assert.equal(b.namespace(a.namespaceName).namespaceName, a.namespaceName);
      assert.equal(await b.namespace(a.namespaceName).get("u", "k"), "in a");
    });

    it("binds every method to one owner with forOwner", async () => {
      const store = fresh();
      const mine = store.forOwner("alice");
      assert.equal(mine.owner, "alice");
      await mine.set("a", 1);
      await mine.setMany([["b", 2]]);
      assert.equal(await mine.update<number>("a", (n) => (n ?? 0) + 1), 2);
      assert.equal(await mine.get("a"), 2);
      assert.equal(await mine.has("b"), true);
      assert.deepEqual(await mine.keys(), ["a", "b"]);
      assert.deepEqual(await mine.entries(), [
        ["a", 2],
        ["b", 2],
      ]);
      assert.deepEqual(await mine.getMany(["b", "a"]), [2, 2]);
      assert.equal(await mine.delete("b"), true);
      await mine.namespace(`${store.namespaceName}-other`).set("a", "elsewhere");
      assert.equal(await mine.get("a"), 2);
      assert.deepEqual(await store.keys("bob"), []);
      assert.equal(await mine.clear(), 1);
      assert.equal(await store.get("alice", "a"), undefined);
      assert.throws(
        () => store.forOwner(""),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_INVALID_OWNER"),
      );
    });

    it("hands out frozen owner views, so a view shared between requests cannot be rebound", () => {
      const store = fresh();
      const mine = store.forOwner("alice");
      assert.ok(Object.isFrozen(mine));
      assert.throws(() => Object.assign(mine, { owner: "bob" }), TypeError);
      assert.equal(store.forOwner("alice").owner, "alice");
      assert.equal(store.forOwner("bob").owner, "bob");
    });

    it("hides expired values from every read and removes them in a sweep", async () => {
      const store = fresh();
      await root.sweepExpired();
      // Long enough that a loaded machine still reads it before it expires.
      await store.set("u", "short", "gone soon", { ttl: 400 });
      await store.setMany("u", [["short2", 1]], { ttl: 40 });
      await store.set("u", "long", "stays", { ttl: 60_000 });
      await store.set("u", "forever", "stays");
      assert.equal(await store.get("u", "short"), "gone soon");
      await sleep(500);
      assert.equal(await store.get("u", "short"), undefined);
      assert.equal(await store.has("u", "short"), false);
      assert.deepEqual(await store.keys("u"), ["forever", "long"]);
      assert.deepEqual(await store.entries("u"), [
        ["forever", "stays"],
        ["long", "stays"],
      ]);
      assert.deepEqual(await store.getMany("u", ["short", "long"]), [undefined, "stays"]);
      assert.equal(await store.delete("u", "short2"), false);
      assert.equal(await store.update<string>("u", "short", (old) => old ?? "fresh"), "fresh");
      await store.set("u", "short3", 1, { ttl: 40 });
      await sleep(120);
      assert.equal(await store.clear("u"), 3);
      await store.set("u", "e1", 1, { ttl: 30 });
      await store.set("u", "e2", 2, { ttl: 30 });
      await store.set("u", "kept", 3);
      await sleep(100);
      assert.equal(await root.sweepExpired(), 2);
      if (db !== undefined) {
        const { rows } = await db.query<{ key: string }>("SELECT key FROM dashbase_store WHERE namespace = $1 ORDER BY key", [
          store.namespaceName,
        ]);
        assert.deepEqual(
          rows.map((row) => row.key),
          ["kept"],
        );
      }
    });

    it("replaces the expiry on set, keeps it on update without ttl, and resets it on update with ttl", async () => {
      const store = fresh();
      // Wide enough that a loaded machine still makes each update before the short ttl runs out.
      await store.set("u", "a", 1, { ttl: 400 });
      await store.set("u", "a", 2);
      await store.set("u", "b", 1, { ttl: 400 });
      await store.update<number>("u", "b", (n) => (n ?? 0) + 1);
      await store.set("u", "c", 1, { ttl: 400 });
      await store.update<number>("u", "c", (n) => (n ?? 0) + 1, { ttl: 60_000 });
      await sleep(600);
      assert.deepEqual(await store.entries("u"), [
        ["a", 2],
        ["c", 2],
      ]);
    });

    it("runs the background sweep on its timer", async () => {
      const swept = createStore(db === undefined ? { memory: true } : { db }, {
        sweepIntervalMs: 25,
        namespace: `${fresh().namespaceName}-timer`,
      });
      try {
        await swept.set("u", "a", 1, { ttl: 10 });
        await sleep(200);
        if (db !== undefined) {
          const { rows } = await db.query("SELECT 1 FROM dashbase_store WHERE namespace = $1", [swept.namespaceName]);
          assert.equal(rows.length, 0);
        } else {
          assert.equal(await swept.sweepExpired(), 0);
        }
      } finally {
        await swept.close();
      }
    });

    it("keeps owners '1' and '12' apart, and owner/key pairs that would collide if joined", async () => {
      const store = fresh();
      const keys = ["x", ":x", "2:x", "/", "|", "%", "_", "1%", "'", '"', "\\", "a\nb", "tab\tkey", "ünï😀código", "%_'\"\n"];
      for (const key of keys) {
        await store.set("1", key, `owner 1 ${key}`);
        await store.set("12", key, `owner 12 ${key}`);
      }
      await store.set("1:2", "x", "owner 1:2");
      await store.set("1%", "x", "owner 1%");
      await store.set("1_", "x", "owner 1_");
      for (const key of keys) {
        assert.equal(await store.get("1", key), `owner 1 ${key}`);
        assert.equal(await store.get("12", key), `owner 12 ${key}`);
      }
      assert.equal(await store.get("1", "2:x"), "owner 1 2:x");
      assert.equal(await store.get("1:2", "x"), "owner 1:2");
      assert.deepEqual((await store.keys("1")).length, keys.length);
      assert.deepEqual(await store.keys("1%"), ["x"]);
      assert.deepEqual(await store.keys("1_"), ["x"]);
      assert.ok((await store.entries("1")).every(([, value]) => String(value).startsWith("owner 1 ")));
      assert.equal(await store.clear("1"), keys.length);
      assert.equal((await store.keys("12")).length, keys.length);
      assert.equal(await store.get("1:2", "x"), "owner 1:2");
      assert.equal(await store.get("1%", "x"), "owner 1%");
    });

    it("hands out copies: changing a value after set or get does not change what is stored", async () => {
      const store = fresh();
      const value = { list: [1], map: new Map([["k", { deep: 1 }]]) };
      await store.set("u", "v", value);
      value.list.push(2);
      const first = await store.get<typeof value>("u", "v");
      first?.list.push(3);
      assert.deepEqual(await store.get("u", "v"), { list: [1], map: new Map([["k", { deep: 1 }]]) });
    });

    it("round-trips JSON, Date, BigInt, Map, Set and the edge cases of the codec exactly", async () => {
      const store = fresh();
      const protoKey: unknown = JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
      const values: unknown[] = [
        0,
        -1.5,
        1e21,
        5e-324,
        Number.MAX_SAFE_INTEGER,
        "",
        "plain",
        true,
        false,
        null,
        [],
        {},
        new Date("2024-02-29T12:34:56.789Z"),
        new Date(-8.64e15),
        123n,
        -(2n ** 200n),
        0n,
        new Map<unknown, unknown>([
          [1, "one"],
          ["1", "string one"],
          [{ k: 1 }, [new Date(0)]],
          [2n, new Set([1n])],
        ]),
        new Set<unknown>([1, "1", null, undefined, new Map()]),
        [undefined, null, 1],
        { a: undefined, b: 1 },
        Number.NaN,
        Number.POSITIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        -0,
        [-0, 0],
        "nul \u0000 inside",
        "lone \ud800 high",
        "lone \udc00 low",
        "pair 😀 ok",
        { $t: "Date", v: "not a tag" },
        { $t: 1 },
        { "key\u0000nul": 1, "lone\ud800": 2 },
        protoKey,
        { nested: { deeper: [{ when: new Date(1), ids: new Set([1n, 2n]) }] } },
        Object.assign(Object.create(null) as Record<string, unknown>, { nullProto: 1 }),
      ];
      for (const [index, value] of values.entries()) {
        await store.set("u", `v${index}`, value);
        const back = await store.get("u", `v${index}`);
        // A null-prototype object comes back as a plain object (documented): compare its contents.
        const nullProto = typeof value === "object" && value !== null && Object.getPrototypeOf(value) === null;
        assert.deepStrictEqual(back, nullProto ? { ...value } : value, `value ${index}`);
      }
      await store.set("u", "invalid date", new Date(Number.NaN));
      const invalid = await store.get("u", "invalid date");
      assert.ok(invalid instanceof Date && Number.isNaN(invalid.getTime()));
      const polluted = await store.get<Record<string, unknown>>("u", `v${values.indexOf(protoKey)}`);
      assert.equal(Object.getPrototypeOf(polluted), Object.prototype);
      assert.deepEqual(Object.keys(polluted ?? {}).sort(), ["__proto__", "ok"]);
      assert.equal(({} as Record<string, unknown>)["polluted"], undefined);
    });

    it("refuses functions, symbols, class instances and cycles with coded errors naming the path", async () => {
      const store = fresh();
      await rejectsWith(
        store.set("u", "k", () => 1),
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
        /^value: .*function/,
      );
      await rejectsWith(
        store.set("u", "k", { a: [1, { f: function named() {} }] }),
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
        /value\.a\[1\]\.f: .*function \(named\)/,
      );
      await rejectsWith(store.set("u", "k", Symbol("s")), "DASHBASE_E_STORE_UNSUPPORTED_VALUE", /symbol/);
      await rejectsWith(store.set("u", "k", { [Symbol("s")]: 1 }), "DASHBASE_E_STORE_UNSUPPORTED_VALUE", /symbol key/);
      await rejectsWith(store.set("u", "k", { r: /x/ }), "DASHBASE_E_STORE_UNSUPPORTED_VALUE", /value\.r: .*RegExp/);
      await rejectsWith(
        store.set(
          "u",
          "k",
          new (class Point {
            x = 1;
          })(),
        ),
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
        /Point/,
      );
      await rejectsWith(store.set("u", "k", new Uint8Array(2)), "DASHBASE_E_STORE_UNSUPPORTED_VALUE", /Uint8Array/);
      await rejectsWith(store.set("u", "k", undefined), "DASHBASE_E_STORE_UNSUPPORTED_VALUE", /delete\(\)/);
      const cyclic: Record<string, unknown> = { a: { b: [] as unknown[] } };
      (cyclic["a"] as { b: unknown[] }).b.push(cyclic);
      await rejectsWith(store.set("u", "k", cyclic), "DASHBASE_E_STORE_CYCLIC_VALUE", /value\.a\.b\[0\]/);
      const viaMap = new Map<string, unknown>();
      viaMap.set("self", viaMap);
      await rejectsWith(store.set("u", "k", viaMap), "DASHBASE_E_STORE_CYCLIC_VALUE");
      const shared = { same: true };
      await store.set("u", "shared", [shared, shared]);
      assert.deepEqual(await store.get("u", "shared"), [{ same: true }, { same: true }]);
      assert.deepEqual(await store.keys("u"), ["shared"]);
    });

    it("refuses a value over the size limit, counting UTF-8 bytes of the encoded value", async () => {
      const small = createStore(db === undefined ? { memory: true } : { db }, {
        maxValueBytes: 100,
        sweepIntervalMs: 0,
        namespace: fresh().namespaceName,
      });
      await small.set("u", "fits", "x".repeat(90));
      await rejectsWith(small.set("u", "big", "x".repeat(120)), "DASHBASE_E_STORE_VALUE_TOO_LARGE", /at most 100 bytes.*found 122/);
      await rejectsWith(small.set("u", "wide", "é".repeat(60)), "DASHBASE_E_STORE_VALUE_TOO_LARGE", /found 122/);
      await rejectsWith(
        small.update("u", "fits", () => "y".repeat(200)),
        "DASHBASE_E_STORE_VALUE_TOO_LARGE",
      );
      assert.equal(await small.get("u", "fits"), "x".repeat(90));
      const big = fresh();
      await big.set("u", "nearly 1 MB", "z".repeat(1_000_000));
      assert.equal((await big.get<string>("u", "nearly 1 MB"))?.length, 1_000_000);
      await rejectsWith(big.set("u", "over 1 MB", "z".repeat(1_048_576)), "DASHBASE_E_STORE_VALUE_TOO_LARGE");
      await small.close();
    });

    it("refuses bad owners, keys, namespaces and options before touching the data", async () => {
      const store = fresh();
      for (const owner of ["", null, undefined, 12, "x".repeat(257), "nul\u0000", "lone\ud800"]) {
        await rejectsWith(store.set(owner as string, "k", 1), "DASHBASE_E_STORE_INVALID_OWNER");
        await rejectsWith(store.get(owner as string, "k"), "DASHBASE_E_STORE_INVALID_OWNER");
        await rejectsWith(store.keys(owner as string), "DASHBASE_E_STORE_INVALID_OWNER");
      }
      for (const key of ["", null, 5, "k".repeat(513), "nul\u0000"]) {
        await rejectsWith(store.set("u", key as string, 1), "DASHBASE_E_STORE_INVALID_KEY");
        await rejectsWith(store.getMany("u", ["ok", key as string]), "DASHBASE_E_STORE_INVALID_KEY");
        await rejectsWith(store.delete("u", key as string), "DASHBASE_E_STORE_INVALID_KEY");
      }
      await store.set("u", "k".repeat(512), "longest key");
      await store.set("o".repeat(256), "k", "longest owner");
      for (const ttl of [0, -5, Number.NaN, Number.POSITIVE_INFINITY, "10"]) {
        await rejectsWith(store.set("u", "k", 1, { ttl: ttl as number }), "DASHBASE_E_STORE_INVALID_OPTION", /ttl/);
      }
      await rejectsWith(store.delete("u", "k", { ifMissing: "explode" as "throw" }), "DASHBASE_E_STORE_INVALID_OPTION");
      assert.throws(
        () => store.namespace(""),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_INVALID_NAMESPACE"),
      );
      assert.throws(
        () => createStore({ db: undefined as unknown as Database }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_INVALID_OPTION"),
      );
      assert.throws(
        () => createStore({ memory: true }, { maxValueBytes: -1 }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_STORE_INVALID_OPTION"),
      );
      assert.deepEqual(await store.keys("u"), ["k".repeat(512)]);
    });
  });
}
