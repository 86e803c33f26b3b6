/**
 * @module
 * The book-reviews example's tables: books, and reviews with a summary, details and a rating
 * from 1 to 5 stars (checked by the database as well as by the form).
 */
import { check, index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";

export const books = pgTable("books", {
  id: serial("id").primaryKey(),
  title: text("title").notNull(),
  author: text("author").notNull(),
});

export const reviews = pgTable(
  "book_reviews",
  {
    id: serial("id").primaryKey(),
    bookId: integer("book_id")
      .notNull()
      .references(() => books.id, { onDelete: "cascade" }),
    summary: text("summary").notNull(),
    details: text("details").notNull().default(""),
    rating: integer("rating").notNull(),
    /** The browser session that wrote it. */
    owner: text("owner").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check("book_reviews_rating_range", sql`${table.rating} between 1 and 5`), index("book_reviews_book_idx").on(table.bookId)],
);
