/**
 * The results example (examples/results) on both backends: over the wire, a text's word counts
 * are stored as JSON and listed, a bad address or an empty text is refused with nothing saved;
 * and its two revisions downgrade (the second drops `created_at`, keeping the rows) and upgrade
 * again.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Database } from "dashbase";
import { createMigrator } from "dashbase/migrations";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/results/app.js";
import { seed } from "../../examples/results/seed.js";
import { countWords, withoutStopWords } from "../../examples/results/word-counts.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const migrationsDir = path.join(import.meta.dirname, "..", "..", "examples", "results", "migrations");

function count(visitor: TestVisitor, input: { url: string; text: string }) {
  return visitor.callback({
    outputs: ["url-error", "text-error", "status"]
      .map((id) => ({ id, property: "children" }))
      .concat([{ id: "results", property: "children" }]),
    inputs: [{ id: "count", property: "n_clicks", value: 1 }],
    state: [
      { id: "url", property: "value", value: input.url },
      { id: "text", property: "value", value: input.text },
    ],
  });
}

const outputs = (answer: { status: number; text: string; body: unknown }) => {
  assert.equal(answer.status, 200, answer.text);
  return (answer.body as { response: Record<string, Record<string, unknown>> }).response;
};

async function columnsOfResults(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ column_name: string }>(
    "select column_name from information_schema.columns where table_schema = 'public' and table_name = 'results' order by ordinal_position",
  );
  return rows.map((row) => row.column_name);
}

after(dropServerDatabases);

describe("counting words", () => {
  it("counts words in lower case, most frequent first, and drops the stop words", () => {
    const all = countWords("The cat saw the other cat. Didn't it?");
    assert.deepEqual(all, { cat: 2, the: 2, "didn't": 1, it: 1, other: 1, saw: 1 });
    assert.deepEqual(withoutStopWords(all), { cat: 2, "didn't": 1, other: 1, saw: 1 });
  });
});

for (const backend of backends) {
  describe(`the results example (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let visitor: TestVisitor;

    before(async () => {
      db = await backend.open();
      test = await openTestApp(app, { db, migrationsDir, seed: true });
      visitor = await test.visitor("/");
    });
    after(async () => {
      await test?.close();
      await db?.close();
    });

    it("lists the seeded result on the page", async () => {
      assert.match((await visitor.get("/")).text, /https:\/\/example\.org\/fox: dog \(2\)/);
    });

    it("stores a text's word counts as JSON and lists them first", async () => {
      const text = "Postgres stores JSON. Postgres indexes JSON too, and Postgres is the database.";
      const answer = outputs(await count(visitor, { url: "https://example.org/pg", text }));
      assert.match(String(answer["status"]!["children"]), /^Result #\d+: 9 different words\.$/);
      assert.match(
        JSON.stringify(answer["results"]!["children"]),
        /https:\/\/example\.org\/pg: postgres \(3\), json \(2\), database \(1\)/,
      );
      const { rows } = await db.query<{ result_all: Record<string, number>; result_no_stop_words: Record<string, number> }>(
        "select result_all, result_no_stop_words from results where url = 'https://example.org/pg'",
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.result_all["postgres"], 3);
      assert.equal(rows[0]!.result_all["the"], 1);
      assert.equal(rows[0]!.result_no_stop_words["the"], undefined);
      assert.match((await visitor.get("/")).text, /example\.org\/pg: postgres \(3\)/);
    });

    it("refuses an address that is not http(s) or a text without words, and saves nothing", async () => {
      const badUrl = outputs(await count(visitor, { url: "ftp://example.org/x", text: "some words" }));
      assert.match(String(badUrl["url-error"]!["children"]), /expected an http\(s\) address/);
      assert.equal(badUrl["status"]!["children"], "Nothing was saved.");
      const noWords = outputs(await count(visitor, { url: "https://example.org/empty", text: " 42 … !" }));
      assert.match(String(noWords["text-error"]!["children"]), /expected some words/);
      const { rows } = await db.query<{ count: number }>("select count(*)::int as count from results");
      assert.equal(rows[0]!.count, 2);
    });
  });

  describe(`the results example's revisions (${backend.name})`, () => {
    it("upgrade, downgrade one revision (created_at goes, rows stay), to base, and up again", async () => {
      const db = await backend.open();
      try {
        const migrator = createMigrator(db, { dir: migrationsDir });
        const [first, second] = (await migrator.history()).map((revision) => revision.id);
        assert.ok(first !== undefined && second !== undefined);
        assert.ok((await migrator.upgrade()).ok);
        assert.equal(await migrator.current(), second);
        await seed(db);
        assert.deepEqual(await columnsOfResults(db), ["id", "url", "result_all", "result_no_stop_words", "created_at"]);

        const down = await migrator.downgrade("-1");
        assert.ok(down.ok, down.failure?.message);
        assert.equal(await migrator.current(), first);
        assert.deepEqual(await columnsOfResults(db), ["id", "url", "result_all", "result_no_stop_words"]);
        const { rows } = await db.query<{ count: number }>("select count(*)::int as count from results");
        assert.equal(rows[0]!.count, 1, "dropping the column keeps the rows");

        assert.ok((await migrator.downgrade("base")).ok);
        assert.deepEqual(await columnsOfResults(db), []);
        const up = await migrator.upgrade();
        assert.ok(up.ok, up.failure?.message);
        assert.equal(up.applied.length, 2);
        assert.deepEqual(await columnsOfResults(db), ["id", "url", "result_all", "result_no_stop_words", "created_at"]);
      } finally {
        await db.close();
      }
    });
  });
}
