/**
 * @module
 * The app's tables. Change them, then `npm run db -- generate "what changed"` writes a migration
 * into migrations/ and `npm run db -- upgrade` applies it.
 */
import { pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

export const notes = pgTable("notes", {
  id: serial("id").primaryKey(),
  text: text("text").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
