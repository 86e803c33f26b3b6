/**
 * The user-store example (examples/user-store), over the wire on both backends: each of its five
 * buttons (Store, Get, List, Delete, Delete all) answered by its callback on the visitor's store,
 * JSON values and dates coming back as they went in, and two visitors' stores kept apart.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Database } from "dashbase";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/user-store/app.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const buttons = ["store", "get", "list", "delete", "delete-all"] as const;

/** Clicks one button with the key and value boxes holding `key` and `value`; answers the result text and the listed entries. */
async function press(visitor: TestVisitor, button: (typeof buttons)[number], key = "", value = "") {
  const answer = await visitor.callback({
    outputs: [
      { id: "result", property: "children" },
      { id: "keys", property: "children" },
    ],
    inputs: buttons.map((id) => ({ id, property: "n_clicks", value: id === button ? 1 : undefined })),
    state: [
      { id: "key", property: "value", value: key },
      { id: "value", property: "value", value },
    ],
    changed: [`${button}.n_clicks`],
  });
  assert.equal(answer.status, 200, answer.text);
  const response = (answer.body as { response: Record<string, { children: unknown }> }).response;
  const items = response["keys"]!.children as Array<{ props: { children: unknown } }>;
  return { result: String(response["result"]!.children), listed: items.map((item) => String(item.props.children)) };
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the user-store example (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let ada: TestVisitor;
    let bob: TestVisitor;

    before(async () => {
      db = await backend.open();
      test = await openTestApp(app, { db });
      ada = await test.visitor("/");
      bob = await test.visitor("/");
    });
    after(async () => {
      await test?.close();
      await db?.close();
    });

    it("passes the startup checks (every callback's ids on a page, one callback per output)", async () => {
      await app.validate();
    });

    it("stores values of every kind and gets each back as it went in", async () => {
      assert.equal((await press(ada, "store", "account_id", "46887")).result, "Stored account_id = a number: 46887.");
      assert.equal((await press(ada, "store", "favorite_animal", "monkey")).result, 'Stored favorite_animal = a string: "monkey".');
      await press(ada, "store", "scores", "[1, 2.5, null]");
      await press(ada, "store", "profile", '{"name": "Ada", "tags": ["x"]}');
      const stored = await press(ada, "store", "joined", "2024-01-31");
      assert.equal(stored.result, "Stored joined = a Date: 2024-01-31T00:00:00.000Z.");
      assert.equal((await press(ada, "get", "account_id")).result, "account_id = a number: 46887");
      assert.equal((await press(ada, "get", "scores")).result, "scores = a list: [1,2.5,null]");
      assert.equal((await press(ada, "get", "profile")).result, 'profile = an object: {"name":"Ada","tags":["x"]}');
      assert.equal((await press(ada, "get", "joined")).result, "joined = a Date: 2024-01-31T00:00:00.000Z");
      assert.equal((await press(ada, "get", "nothing-here")).result, "No value under nothing-here.");
      assert.equal((await press(ada, "get")).result, "Type a key first.");
    });

    it("keeps a Date a Date in the store itself, not a string", async () => {
      const rows = await db.query<{ value: unknown }>("select value from dashbase_store where key = 'joined'");
      assert.deepEqual(rows.rows[0]?.value, { $t: "Date", v: "2024-01-31T00:00:00.000Z" });
    });

    it("lists the visitor's keys with their values", async () => {
      const listed = await press(ada, "list");
      assert.equal(listed.result, "5 keys: account_id, favorite_animal, joined, profile, scores");
      assert.deepEqual(listed.listed, [
        "account_id: a number: 46887",
        'favorite_animal: a string: "monkey"',
        "joined: a Date: 2024-01-31T00:00:00.000Z",
        'profile: an object: {"name":"Ada","tags":["x"]}',
        "scores: a list: [1,2.5,null]",
      ]);
    });

    it("never shows one visitor another's keys", async () => {
      assert.equal((await press(bob, "list")).result, "Your store is empty.");
      assert.equal((await press(bob, "get", "account_id")).result, "No value under account_id.");
      await press(bob, "store", "account_id", "87874");
      await press(bob, "store", "favorite_color", "green");
      assert.equal((await press(bob, "list")).result, "2 keys: account_id, favorite_color");
      assert.equal((await press(ada, "get", "account_id")).result, "account_id = a number: 46887");
      assert.equal((await press(ada, "get", "favorite_color")).result, "No value under favorite_color.");
      assert.equal((await press(bob, "delete-all")).result, "Deleted 2 values.");
      assert.equal((await press(ada, "list")).result, "5 keys: account_id, favorite_animal, joined, profile, scores");
    });

    it("deletes one key, then all of them", async () => {
      assert.equal((await press(ada, "delete", "favorite_animal")).result, "Deleted favorite_animal.");
      assert.equal((await press(ada, "delete", "favorite_animal")).result, "No value under favorite_animal; nothing deleted.");
      assert.equal((await press(ada, "list")).result, "4 keys: account_id, joined, profile, scores");
      const cleared = await press(ada, "delete-all");
      assert.equal(cleared.result, "Deleted 4 values.");
      assert.deepEqual(cleared.listed, []);
      assert.equal((await press(ada, "list")).result, "Your store is empty.");
    });
  });
}
