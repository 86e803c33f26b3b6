/**
 * @module
 * Password hashes: argon2id through @node-rs/argon2 (OWASP's recommended parameters: 19 MiB,
 * 2 passes, 1 lane), stored as PHC strings, and the strength rule every new password must pass.
 */
import type * as Argon2 from "@node-rs/argon2";
import { DashbaseError } from "../errors/dashbase-error.js";

// The native addon loads with the first hash, not with every app that imports dashbase (issue 15);
// the sign-in routes hash once as they are registered, so an app with sign-in still loads it at start.
let argon2: Promise<typeof Argon2> | undefined;
function loadArgon2(): Promise<typeof Argon2> {
  argon2 ??= import("@node-rs/argon2").catch((error: unknown) => {
    argon2 = undefined;
    throw new DashbaseError(
      "DASHBASE_E_INTERNAL",
      `password hashing is unavailable: @node-rs/argon2 has no working native binary for ${process.platform}-${process.arch} (${error instanceof Error ? error.message : String(error)}); reinstall the dependencies on this platform (npm ci)`,
      { cause: error },
    );
  });
  return argon2;
}

const parameters = {
  // Algorithm.Argon2id: a const enum, which isolated modules cannot read.
  algorithm: 2,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Shortest password accepted; longer than NIST's floor of 8, since nothing else limits guessing offline. */
export const minPasswordLength = 10;
/** Longest accepted (argon2 takes any length; this bounds the work one request can ask for). */
export const maxPasswordLength = 1024;

// The most common passwords that pass the length rule; a full breached-password list is the app's to add.
const common = new Set([
  "1234567890",
  "123456789a",
  "qwertyuiop",
  "password12",
  "password123",
  "iloveyou12",
  "abcdefghij",
  "0123456789",
  "1q2w3e4r5t",
  "qwerty1234",
]);

/** Hashes a password for storage (about 20-40 ms, off the event loop). */
export async function hashPassword(password: string): Promise<string> {
  return (await loadArgon2()).hash(password, parameters);
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `storedHash`. With no hash (an unknown user, or one without a
 * password) it still does the same work against a fixed hash and answers false, so the two cases
 * take the same time.
 */
export async function verifyPassword(storedHash: string | null | undefined, password: string): Promise<boolean> {
  if (typeof storedHash !== "string" || storedHash.length === 0) {
    dummyHash ??= hashPassword("dashbase: no such user, no such password");
    const { verify } = await loadArgon2();
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  const { verify } = await loadArgon2();
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** The reason `password` is too weak, or undefined when it is acceptable. */
export function passwordWeakness(password: string, context: { email?: string | null; name?: string | null } = {}): string | undefined {
  if (password.length < minPasswordLength) return `it has ${password.length} characters; use at least ${minPasswordLength}`;
  if (password.length > maxPasswordLength) return `it has ${password.length} characters; use at most ${maxPasswordLength}`;
  if (new Set(password).size < 4) return "it repeats too few different characters; use a passphrase of several words";
  if (common.has(password.toLowerCase())) return "it is one of the most common passwords; use a passphrase of several words";
  const lower = password.toLowerCase();
  for (const value of [context.email, context.email?.split("@")[0], context.name]) {
    if (typeof value === "string" && value.length >= 4 && lower.includes(value.toLowerCase()))
      return "it contains the account's name or e-mail address";
  }
  return undefined;
}

/**
 * Throws DASHBASE_E_WEAK_PASSWORD naming why `password` is refused.
 * @example
 * assertStrongPassword(password, { email });
 */
export function assertStrongPassword(password: unknown, context: { email?: string | null; name?: string | null } = {}): string {
  if (typeof password !== "string")
    throw new DashbaseError("DASHBASE_E_WEAK_PASSWORD", `password: expected a string, found ${typeof password}`);
  const weakness = passwordWeakness(password, context);
  if (weakness !== undefined) throw new DashbaseError("DASHBASE_E_WEAK_PASSWORD", `password refused: ${weakness}`);
  return password;
}
