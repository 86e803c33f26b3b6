/**
 * @module
 * The sign-in rate limit: failed password sign-ins counted per account and per client address in
 * fixed windows, in `auth_sign_in_attempts`, so every process of a deployment shares the count.
 * An attempt is counted *before* its password is checked (one atomic upsert per key) and taken
 * back when it succeeds: however many requests race, no more than the limit are ever checked in a
 * window. Unknown accounts are counted like known ones, so the answer never tells them apart.
 */
import type { Database } from "../db/database.js";
import type { ResolvedAuthOptions } from "./auth-options.js";

type Limits = ResolvedAuthOptions["rateLimit"];

// One statement: a row whose window has passed starts a new one at 1, else its count grows.
// $2 is the window in milliseconds. Returns the count and the milliseconds left in the window.
const countSql = `INSERT INTO auth_sign_in_attempts AS a (key, window_start, count) VALUES ($1, now(), 1)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN a.window_start <= now() - $2::float8 * interval '1 millisecond' THEN 1 ELSE a.count + 1 END,
    window_start = CASE WHEN a.window_start <= now() - $2::float8 * interval '1 millisecond' THEN now() ELSE a.window_start END
  RETURNING count, (extract(epoch FROM (window_start + $2::float8 * interval '1 millisecond' - now())) * 1000)::float8 AS remaining_ms`;
const takeBackSql = "UPDATE auth_sign_in_attempts SET count = greatest(count - 1, 0) WHERE key = $1";
const forgetSql = "DELETE FROM auth_sign_in_attempts WHERE key = $1";
const sweepSql = "DELETE FROM auth_sign_in_attempts WHERE window_start <= now() - $1::float8 * interval '1 millisecond'";

/** Failures counted between two sweeps of ended windows by one process. */
const sweepEvery = 200;

/** The keys an attempt is counted under. */
export interface AttemptKeys {
  /** "account:<lower-cased e-mail>" */
  readonly account: string;
  /** "address:<client address>" */
  readonly address: string;
}

/** An attempt counted: allowed, or refused until `retryAfterMs` has passed. */
export type AttemptVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export interface SignInRateLimit {
  /** Counts one attempt under both keys; refuses it when either is past its limit. */
  begin(keys: AttemptKeys): Promise<AttemptVerdict>;
  /** The attempt succeeded: the account's failures are forgotten and the address's count taken back. */
  succeeded(keys: AttemptKeys): Promise<void>;
}

/** The keys of an attempt at `email` from `address`. */
export function attemptKeys(email: string, address: string): AttemptKeys {
  return { account: `account:${email}`, address: `address:${address}` };
}

/**
 * The limit over the app's database.
 * @example
 * const limit = createSignInRateLimit(db, authOptions.rateLimit);
 * const verdict = await limit.begin(attemptKeys(email, request.ip));
 */
export function createSignInRateLimit(db: Database, limits: Limits): SignInRateLimit {
  let counted = 0;
  const count = async (key: string): Promise<{ count: number; remainingMs: number }> => {
    const row = (await db.query(countSql, [key, limits.windowMs], { name: "dashbase_auth_attempt_count" })).rows[0] ?? {};
    return { count: Number(row["count"]), remainingMs: Math.max(0, Number(row["remaining_ms"])) };
  };
  return {
    async begin(keys) {
      counted += 1;
      if (counted % sweepEvery === 0) await db.query(sweepSql, [limits.windowMs]);
      const account = await count(keys.account);
      const address = await count(keys.address);
      const over = [
        account.count > limits.perAccount ? account.remainingMs : 0,
        address.count > limits.perAddress ? address.remainingMs : 0,
      ];
      const wait = Math.max(...over);
      return account.count > limits.perAccount || address.count > limits.perAddress
        ? { allowed: false, retryAfterMs: Math.max(wait, 1000) }
        : { allowed: true };
    },
    async succeeded(keys) {
      await db.query(forgetSql, [keys.account]);
      await db.query(takeBackSql, [keys.address]);
    },
  };
}
