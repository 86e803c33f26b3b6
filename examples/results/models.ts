/**
 * @module
 * The results example's one table: the address a text came from and two word counts stored as
 * JSON (every word, and without stop words). `createdAt` came with the second revision.
 */
import { jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

/** Word → number of times it appears. */
export type WordCounts = Record<string, number>;

export const results = pgTable("results", {
  id: serial("id").primaryKey(),
  url: text("url").notNull(),
  resultAll: jsonb("result_all").$type<WordCounts>().notNull(),
  resultNoStopWords: jsonb("result_no_stop_words").$type<WordCounts>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
