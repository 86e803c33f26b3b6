/**
 * @module
 * dashbase's user tables (named auth_*: the app's own, migrated by its revisions), as drizzle models. `createApp({ auth })` adds them to the app's
 * models, so `dashbase db generate` writes a reversible revision for them like for any other
 * table; import them (`import { users } from "dashbase/auth"`) to reference users from your own
 * tables or to query them.
 */
import { sql } from "drizzle-orm";
import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** One row per person who can sign in. `email` is stored lower-cased; `roles` is kept sorted. */
export const users = pgTable("auth_users", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  email: text("email").unique("auth_users_email_unique"),
  /** An argon2id PHC string; null for users who sign in only through a provider. */
  passwordHash: text("password_hash"),
  roles: text("roles")
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A user's account at an OpenID Connect provider: the provider's issuer and its `sub` claim. */
export const userIdentities = pgTable(
  "auth_user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ name: "auth_user_identities_pkey", columns: [table.issuer, table.subject] }),
    index("auth_user_identities_user_id_idx").on(table.userId),
  ],
);

/**
 * Sign-in attempts counted per key ("account:<email>", "address:<ip>") in fixed windows, in the
 * database so every process of a deployment shares the count.
 */
export const signInAttempts = pgTable("auth_sign_in_attempts", {
  key: text("key").primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  count: integer("count").notNull().default(0),
});

/** One-time sign-in links (`dashbase users link`): only the token's SHA-256 is stored. */
export const signInLinks = pgTable(
  "auth_sign_in_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("auth_sign_in_links_user_id_idx").on(table.userId)],
);

/** The models `createApp({ auth })` adds to the app's own. */
export const authModels = { users, userIdentities, signInAttempts, signInLinks } as const;
