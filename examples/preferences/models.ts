/**
 * @module
 * The preferences example's one table: each indicator a visitor chose, under the name they gave,
 * with the number and legend of the indicator (1 to 5, checked by the database too).
 */
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, timestamp, varchar } from "drizzle-orm/pg-core";

export const userPreferences = pgTable(
  "user_preferences",
  {
    id: serial("id").primaryKey(),
    userName: varchar("user_name", { length: 100 }).notNull(),
    selection: integer("selection").notNull(),
    legend: text("legend").notNull(),
    /** The browser session (or signed-in user) that saved it. */
    owner: text("owner").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("user_preferences_selection_range", sql`${table.selection} between 1 and 5`),
    index("user_preferences_owner_idx").on(table.owner),
  ],
);
