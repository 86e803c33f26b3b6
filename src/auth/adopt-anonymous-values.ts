/**
 * @module
 * What happens at sign-in to what the visitor saved before signing in (the per-user store and
 * `persistence: "server"` values of the browser's anonymous owner): each value moves to the
 * user where the user has no value under that namespace and key yet, and the anonymous owner's
 * values are then removed, in one transaction. The user's own values win: they were saved on
 * purpose, possibly in another browser, while the anonymous ones are this visit's leftovers.
 */
import type { Database } from "../db/database.js";
import { ensureInternalSchema } from "../models/internal-tables.js";

const live = "(expires_at IS NULL OR expires_at > now())";

const copySql = `INSERT INTO dashbase_store (owner, namespace, key, value, expires_at, updated_at)
  SELECT $2, namespace, key, value, expires_at, now() FROM dashbase_store WHERE owner = $1 AND ${live}
  ON CONFLICT (owner, namespace, key) DO NOTHING`;
const removeSql = "DELETE FROM dashbase_store WHERE owner = $1";

/**
 * Moves `anonymousOwner`'s live values to `userId` where the user has none; returns how many moved.
 * @example
 * await adoptAnonymousValues(db, session.anonymousOwner, user.id);
 */
export async function adoptAnonymousValues(db: Database, anonymousOwner: string, userId: string): Promise<number> {
  if (anonymousOwner === userId) return 0;
  await ensureInternalSchema(db);
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(copySql, [anonymousOwner, userId]);
    await tx.query(removeSql, [anonymousOwner]);
    return rowCount;
  });
}
