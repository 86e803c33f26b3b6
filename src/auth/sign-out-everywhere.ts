/**
 * @module
 * Signing a user out of every browser and device at once: every session row of the user goes,
 * so each of their cookies starts an anonymous session on its next request (another process's
 * session cache may still answer for it for up to `session.cacheMs`, 1 s by default). The
 * user's store values stay: they belong to the user, not to a session.
 */
import type { Database } from "../db/database.js";
import { ensureInternalSchema } from "../models/internal-tables.js";

const deleteSql = "DELETE FROM dashbase_sessions WHERE user_id = $1";

/**
 * Deletes every session of `userId`; returns how many there were.
 * @example
 * await signOutEverywhere(db, user.id); // after a password change, or `dashbase users sign-out-everywhere`
 */
export async function signOutEverywhere(db: Database, userId: string): Promise<number> {
  await ensureInternalSchema(db);
  const { rowCount } = await db.query(deleteSql, [String(userId)]);
  return rowCount;
}
