/**
 * @module
 * The users example's one table: a name, an email address no two users share, and when the
 * user was added.
 */
import { pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
  email: text("email").notNull().unique("users_email_unique"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
