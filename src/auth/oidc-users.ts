/**
 * @module
 * The user a provider's account signs in as: the one already linked to it (issuer + subject);
 * else the user with the same e-mail address, but only when the provider vouches for it
 * (`email_verified`), so nobody takes over an account by claiming its address at a lax provider;
 * else a new user. Linking and creating happen in one transaction, so two first sign-ins at once
 * make one user.
 */
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { OidcClaims } from "./oidc-client.js";

const sql = {
  linked:
    "SELECT u.id::text AS id, u.disabled_at FROM auth_user_identities i JOIN auth_users u ON u.id = i.user_id WHERE i.issuer = $1 AND i.subject = $2",
  byEmail: "SELECT id::text AS id, disabled_at FROM auth_users WHERE email = $1",
  create: "INSERT INTO auth_users (name, email) VALUES ($1, $2) RETURNING id::text AS id",
  link: "INSERT INTO auth_user_identities (issuer, subject, user_id) VALUES ($1, $2, $3::uuid) ON CONFLICT (issuer, subject) DO NOTHING",
  // Serializes first sign-ins of one account across processes.
  lock: "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
} as const;

function refuseDisabled(row: Record<string, unknown>): string {
  if (row["disabled_at"] !== null && row["disabled_at"] !== undefined)
    throw new DashbaseError("DASHBASE_E_FORBIDDEN", "this account is disabled; ask an administrator to enable it");
  return row["id"] as string;
}

/**
 * The id of the user `claims` sign in as, linking or creating one on the first sign-in.
 * @example
 * const userId = await userForProviderAccount(db, claims);
 */
export async function userForProviderAccount(db: Database, claims: OidcClaims): Promise<string> {
  const known = (await db.query(sql.linked, [claims.issuer, claims.subject])).rows[0];
  if (known !== undefined) return refuseDisabled(known);
  return db.transaction(async (tx) => {
    await tx.query(sql.lock, [`dashbase-oidc:${claims.issuer}:${claims.subject}`]);
    const raced = (await tx.query(sql.linked, [claims.issuer, claims.subject])).rows[0];
    if (raced !== undefined) return refuseDisabled(raced);
    const email = claims.email !== null && claims.emailVerified ? claims.email : null;
    const sameEmail = email === null ? undefined : (await tx.query(sql.byEmail, [email])).rows[0];
    const userId =
      sameEmail !== undefined
        ? refuseDisabled(sameEmail)
        : ((await tx.query(sql.create, [claims.name ?? email ?? "New user", email])).rows[0]?.["id"] as string);
    await tx.query(sql.link, [claims.issuer, claims.subject, userId]);
    return userId;
  });
}
