/**
 * @module
 * The indicators example's tables. dashbase derives the revisions in `migrations/` and the
 * insert validation (`insertRow`, `validateInsert`) from these declarations; nothing else in
 * this file is exported, because the app passes the whole module as its `models`.
 */
import { doublePrecision, index, integer, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * One indicator: what is measured, in which unit, and where the figures come from.
 * Seeded indicators have `origin = 'seed'`; those uploaded on the Data page have `'upload'`.
 */
export const indicators = pgTable("indicators", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  unit: text("unit").notNull(),
  /** The publisher the figures come from, as the data set documents it. */
  source: text("source").notNull(),
  sourceUrl: text("source_url"),
  /** How the figures were derived from the source file, and anything a reader should know. */
  notes: text("notes"),
  origin: text("origin").notNull().default("seed"),
  /** The session owner who uploaded it (null for seeded indicators). */
  owner: text("owner"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One value of an indicator for one entity (a country, a station, an energy source) in one year.
 * The unique index on (indicator, entity, year) is what makes the seed idempotent, and serves the
 * per-indicator lookups (entities, figure data) by its prefix. (It is a unique index beside a
 * serial key rather than a composite primary key because drizzle-kit's drift check cannot
 * introspect composite primary keys through a drizzle handle.)
 */
export const observations = pgTable(
  "observations",
  {
    id: serial("id").primaryKey(),
    indicatorCode: text("indicator_code")
      .notNull()
      .references(() => indicators.code, { onDelete: "cascade" }),
    entity: text("entity").notNull(),
    year: integer("year").notNull(),
    value: doublePrecision("value").notNull(),
  },
  (table) => [
    uniqueIndex("observations_indicator_entity_year_key").on(table.indicatorCode, table.entity, table.year),
    // Year bounds and year-range filters over a whole indicator.
    index("observations_indicator_year_idx").on(table.indicatorCode, table.year),
  ],
);

/**
 * A view a user saved on the Save page. `selection` holds the view as JSON text
 * (indicator, entities, years); `legend` is the indicator's name at the time of saving.
 * `owner` is the browser session that saved it: only that session may delete it.
 */
export const userPreferences = pgTable(
  "user_preferences",
  {
    id: serial("id").primaryKey(),
    userName: text("user_name").notNull(),
    selection: text("selection").notNull(),
    legend: text("legend").notNull(),
    owner: text("owner").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("user_preferences_user_name_idx").on(table.userName),
    index("user_preferences_owner_idx").on(table.owner),
    index("user_preferences_created_at_idx").on(table.createdAt),
  ],
);

export type Indicator = typeof indicators.$inferSelect;
export type Observation = typeof observations.$inferSelect;
export type UserPreference = typeof userPreferences.$inferSelect;
