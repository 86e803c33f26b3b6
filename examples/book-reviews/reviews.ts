/**
 * @module
 * Writing and reading reviews: one validated insert shared by the page's form and the JSON API,
 * and each book's average rating computed in SQL.
 */
import { asc, avg, count, eq } from "drizzle-orm";
import { type DashbaseError, insertRow, type Queryable } from "dashbase";
import { validationError } from "dashbase/db";
import { books, reviews } from "./models.js";

export interface NewReview {
  bookId: unknown;
  summary: unknown;
  details: unknown;
  rating: unknown;
}

/** Grapheme count, so an emoji is one character, as the reader sees it. */
function length(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
}

function problem(field: string, message: string): DashbaseError {
  return validationError("review", [{ field, message }]);
}

/**
 * Checks and stores one review by `owner`.
 * @throws DashbaseError DASHBASE_E_VALIDATION naming the field (a rating outside 1-5, an empty summary, an unknown book).
 * @example
 * await addReview(db, { bookId: 1, summary: "Haunting", details: "", rating: 5 }, session.owner);
 */
export async function addReview(db: Queryable, input: NewReview, owner: string) {
  const summary = typeof input.summary === "string" ? input.summary.trim() : "";
  if (summary === "") throw problem("summary", "expected a few words, found nothing");
  if (length(summary) > 120) throw problem("summary", `expected at most 120 characters, found ${length(summary)}`);
  const details = typeof input.details === "string" ? input.details.trim() : "";
  if (length(details) > 2000) throw problem("details", `expected at most 2000 characters, found ${length(details)}`);
  if (!Number.isInteger(input.rating) || (input.rating as number) < 1 || (input.rating as number) > 5) {
    throw problem("rating", `expected 1 to 5 stars, found ${JSON.stringify(input.rating ?? null)}`);
  }
  const bookId = typeof input.bookId === "string" ? Number(input.bookId) : input.bookId;
  if (!Number.isInteger(bookId)) throw problem("bookId", `expected a book id, found ${JSON.stringify(input.bookId ?? null)}`);
  const [book] = await db
    .select({ id: books.id })
    .from(books)
    .where(eq(books.id, bookId as number));
  if (book === undefined) throw problem("bookId", `no book with id ${String(bookId)}`);
  return insertRow(db, reviews, { bookId: book.id, summary, details, rating: input.rating as number, owner });
}

/** Every book with its number of reviews and average rating (null without reviews). */
export async function shelf(db: Queryable) {
  const rows = await db
    .select({ id: books.id, title: books.title, author: books.author, reviews: count(reviews.id), average: avg(reviews.rating) })
    .from(books)
    .leftJoin(reviews, eq(reviews.bookId, books.id))
    .groupBy(books.id)
    .orderBy(asc(books.id));
  return rows.map((row) => ({ ...row, average: row.average === null ? null : Math.round(Number(row.average) * 10) / 10 }));
}

/** The reviews of one book, newest first, as the JSON API answers them. */
export function reviewsOf(db: Queryable, bookId: number) {
  return db
    .select({ id: reviews.id, summary: reviews.summary, details: reviews.details, rating: reviews.rating, createdAt: reviews.createdAt })
    .from(reviews)
    .where(eq(reviews.bookId, bookId))
    .orderBy(asc(reviews.id));
}
