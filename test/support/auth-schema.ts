/**
 * The auth_* tables for suites that open a database of their own: the revision `dashbase db
 * generate` wrote for createApp({ auth }) (test/support/auth-migrations), applied as an app's
 * revisions are, so the tests run on exactly the schema users get.
 */
import path from "node:path";
import type { Database } from "dashbase";
import { createMigrator } from "dashbase/migrations";

/** The folder holding the auth tables' revision. */
export const authMigrations = path.resolve(import.meta.dirname, "auth-migrations");

/** Creates the auth tables on `db` by applying their revision. */
export async function createAuthTables(db: Database): Promise<void> {
  const report = await createMigrator(db, { dir: authMigrations }).upgrade();
  if (report.failure !== undefined) throw new Error(`the auth tables' revision did not apply: ${report.failure.message}`);
}
