/**
 * @module
 * The ratings example's tables: things to rate, and one rating per signed-in user and item.
 * `user_id` references dashbase's `auth_users` (from `dashbase/auth`), so a deleted user's
 * ratings go with them.
 */
import { check, integer, pgTable, primaryKey, serial, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { users } from "dashbase/auth";

export const items = pgTable("items", {
  id: serial("id").primaryKey(),
  name: text("name").notNull(),
});

export const ratings = pgTable(
  "ratings",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id, { onDelete: "cascade" }),
    stars: integer("stars").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: "ratings_pkey", columns: [table.userId, table.itemId] }),
    check("ratings_stars_range", sql`${table.stars} between 1 and 5`),
  ],
);
