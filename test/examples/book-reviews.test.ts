/**
 * The book-reviews example (examples/book-reviews), over the wire on both backends: its revision
 * and seed apply, a review is refused field by field and nothing is saved, a good one lands in the
 * book's table (and only that book's), and the JSON API reads and writes the same rows.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Database } from "dashbase";
import { openTestApp, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/book-reviews/app.js";
import { backends, dropServerDatabases } from "../support/backends.js";

const migrationsDir = path.join(import.meta.dirname, "..", "..", "examples", "book-reviews", "migrations");

function submit(visitor: TestVisitor, review: { book: number; summary: string; details?: string; rating: number }) {
  return visitor.callback({
    outputs: [
      "rating-error.children",
      "summary-error.children",
      "result.children",
      "summary.value",
      "details.value",
      "rating.value",
      "book-reviews.data_version",
    ].map((key) => {
      const [id, property] = key.split(".") as [string, string];
      return { id, property };
    }),
    inputs: [{ id: "submit", property: "n_clicks", value: 1 }],
    state: [
      { id: "book", property: "data", value: review.book },
      { id: "summary", property: "value", value: review.summary },
      { id: "details", property: "value", value: review.details ?? "" },
      { id: "rating", property: "value", value: review.rating },
    ],
  });
}

const outputs = (answer: { body: unknown }) => (answer.body as { response: Record<string, Record<string, unknown>> }).response;

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the book-reviews example (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let visitor: TestVisitor;

    before(async () => {
      db = await backend.open();
      test = await openTestApp(app, { db, migrationsDir, seed: true });
      visitor = await test.visitor("/books/1");
    });
    after(async () => {
      await test?.close();
      await db?.close();
    });

    it("lists the seeded books with no reviews yet", async () => {
      const answer = await visitor.get("/api/books");
      const books = (answer.body as { books: Array<{ title: string; reviews: number; average: number | null }> }).books;
      assert.deepEqual(
        books.map((book) => [book.title, book.reviews, book.average]),
        [
          ["Frankenstein", 0, null],
          ["Pride and Prejudice", 0, null],
          ["Moby-Dick", 0, null],
        ],
      );
    });

    it("refuses a review without stars or a summary, next to each field, and saves nothing", async () => {
      const noStars = outputs(await submit(visitor, { book: 1, summary: "Haunting", rating: 0 }));
      assert.match(String(noStars["rating-error"]!["children"]), /expected 1 to 5 stars, found 0/);
      assert.equal(noStars["result"]!["children"], "Nothing was saved.");
      assert.equal(noStars["summary"]!["value"], "Haunting", "what the visitor typed stays");
      const noSummary = outputs(await submit(visitor, { book: 1, summary: "   ", rating: 4 }));
      assert.match(String(noSummary["summary-error"]!["children"]), /expected a few words/);
      assert.deepEqual((await visitor.table("book-reviews", { path: "/books/1" })).body, { rows: [], total: 0, page: 0, pageSize: 10 });
    });

    it("saves a good review, clears the form, and shows it in that book's table only", async () => {
      const saved = outputs(await submit(visitor, { book: 1, summary: "Haunting 🧟", details: "Read it twice.", rating: 5 }));
      assert.match(String(saved["result"]!["children"]), /review #\d+ is saved/);
      assert.equal(saved["rating"]!["value"], 0);
      const first = (await visitor.table("book-reviews", { path: "/books/1" })).body as {
        rows: Array<Record<string, unknown>>;
        total: number;
      };
      assert.equal(first.total, 1);
      assert.equal(first.rows[0]!["summary"], "Haunting 🧟");
      assert.equal(first.rows[0]!["rating"], 5);
      assert.equal(((await visitor.table("book-reviews", { path: "/books/2" })).body as { total: number }).total, 0);
    });

    it("reads and writes the same reviews through the JSON API, with the database's own rating check behind the form's", async () => {
      const bad = await visitor.post("/api/books/2/reviews", { summary: "Witty", rating: 6 });
      assert.equal(bad.status, 400);
      assert.equal((bad.body as { error: { code: string } }).error.code, "DASHBASE_E_VALIDATION");
      const good = await visitor.post("/api/books/2/reviews", { summary: "Witty", rating: 4 });
      assert.equal(good.status, 201, JSON.stringify(good.body));
      const listed = (await visitor.get("/api/books/2/reviews")).body as { reviews: Array<{ summary: string; rating: number }> };
      assert.deepEqual(
        listed.reviews.map((review) => [review.summary, review.rating]),
        [["Witty", 4]],
      );
      await assert.rejects(
        db.exec("insert into book_reviews (book_id, summary, rating, owner) values (2, 'sneaky', 9, 'x')"),
        /book_reviews_rating_range|check/i,
      );
      const books = ((await visitor.get("/api/books")).body as { books: Array<{ reviews: number; average: number | null }> }).books;
      assert.deepEqual(
        books.map((book) => [book.reviews, book.average]),
        [
          [1, 5],
          [1, 4],
          [0, null],
        ],
      );
    });
  });
}
