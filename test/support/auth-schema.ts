/**
 * The auth_* tables as the revision `dashbase db generate` writes for createApp({ auth }) would
 * create them (src/auth/auth-tables.ts), for suites that open a database without migrations.
 */
import type { Database } from "dashbase";

export const authDdl = [
  `CREATE TABLE IF NOT EXISTS auth_users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    email text CONSTRAINT auth_users_email_unique UNIQUE,
    password_hash text,
    roles text[] NOT NULL DEFAULT '{}'::text[],
    disabled_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS auth_user_identities (
    issuer text NOT NULL, subject text NOT NULL,
    user_id uuid NOT NULL REFERENCES auth_users(id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT auth_user_identities_pkey PRIMARY KEY (issuer, subject)
  )`,
  `CREATE TABLE IF NOT EXISTS auth_sign_in_attempts (
    key text PRIMARY KEY, window_start timestamptz NOT NULL DEFAULT now(), count integer NOT NULL DEFAULT 0
  )`,
  `CREATE TABLE IF NOT EXISTS auth_sign_in_links (
    token_hash text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES auth_users(id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  )`,
];

/** Creates the auth tables on `db`. */
export async function createAuthTables(db: Database): Promise<void> {
  for (const statement of authDdl) await db.exec(statement);
}
