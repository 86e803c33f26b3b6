/**
 * @module
 * One-time sign-in links (`dashbase users link <email>`), for a forgotten password without
 * e-mail: a random 32-byte token goes in the link, only its SHA-256 is stored (a copy of the
 * database signs nobody in), it expires (15 minutes by default) and is used at most once: the
 * statement that consumes it marks it used, so two requests racing with the same link cannot
 * both sign in.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { authBasePath } from "./auth-paths.js";

/** GET `?token=...`: consumes a link and signs the browser in. */
export const signInLinkPath = `${authBasePath}/link`;

/** How long a link works unless told otherwise. */
export const defaultSignInLinkTtlMs = 15 * 60_000;

const tokenPattern = /^[A-Za-z0-9_-]{43}$/;

function hashOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Makes a link for `userId`; answers the token (to put in the URL) and when it expires.
 * @example
 * const { token } = await createSignInLink(db, user.id);
 * console.log(`${baseUrl}${signInLinkPath}?token=${token}`);
 */
export async function createSignInLink(
  db: Queryable,
  userId: string,
  options: { ttlMs?: number } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const ttlMs = options.ttlMs ?? defaultSignInLinkTtlMs;
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1_000 || ttlMs > 7 * 24 * 3_600_000) {
    throw new DashbaseError("DASHBASE_E_CLI_USAGE", `a sign-in link lasts from 1 second to 7 days, found ${String(ttlMs)} ms`);
  }
  const token = randomBytes(32).toString("base64url");
  const { rows } = await db.query<{ expires_at: Date | string }>(
    "INSERT INTO auth_sign_in_links (token_hash, user_id, expires_at) VALUES ($1, $2::uuid, now() + $3::bigint * interval '1 millisecond') RETURNING expires_at",
    [hashOf(token), userId, ttlMs],
  );
  // Used and expired links of this user are of no further use.
  await db.query("DELETE FROM auth_sign_in_links WHERE user_id = $1::uuid AND (used_at IS NOT NULL OR expires_at <= now())", [userId]);
  return { token, expiresAt: new Date(rows[0]!.expires_at) };
}

/**
 * Consumes a link: answers its user's id, having marked it used in the same statement.
 * @throws DashbaseError DASHBASE_E_SIGN_IN_LINK_INVALID for a malformed, unknown, used or expired token (one answer for all).
 */
export async function consumeSignInLink(db: Queryable, token: unknown): Promise<string> {
  const invalid = new DashbaseError(
    "DASHBASE_E_SIGN_IN_LINK_INVALID",
    "this sign-in link is unknown, already used or expired; ask for a new one (`dashbase users link <email>`)",
  );
  if (typeof token !== "string" || !tokenPattern.test(token)) throw invalid;
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE auth_sign_in_links SET used_at = now()
      WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
        AND user_id IN (SELECT id FROM auth_users WHERE disabled_at IS NULL)
      RETURNING user_id::text AS user_id`,
    [hashOf(token)],
  );
  if (rows[0] === undefined) throw invalid;
  return rows[0].user_id;
}
