/**
 * @module
 * The session cookie: `<id>.<signature>` where the signature is HMAC-SHA256 of the id under the
 * session secret, checked in constant time; and the Set-Cookie header values that carry it.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** 24 random bytes (192 bits) as base64url: 32 characters. */
const idPattern = /^[A-Za-z0-9_-]{32}$/;
/** A SHA-256 HMAC as base64url: 43 characters. */
const signatureLength = 43;
// A context label, so a MAC made with the same secret for another purpose never passes here.
const context = "dashbase.session.v1:";

/** A new random session id (192 bits). */
export function newSessionId(): string {
  return randomBytes(24).toString("base64url");
}

/** A new random token (256 bits), for CSRF tokens and anonymous owners. */
export function newRandomToken(): string {
  return randomBytes(32).toString("base64url");
}

function signature(id: string, secret: string): string {
  return createHmac("sha256", secret)
    .update(context + id)
    .digest("base64url");
}

/**
 * The cookie value for `id`: the id and its signature under `secret`.
 * @example
 * signSessionId(newSessionId(), secret); // "q3V...Zk.8fX..."
 */
export function signSessionId(id: string, secret: string): string {
  return `${id}.${signature(id, secret)}`;
}

/** What a cookie value says, once checked. */
export interface VerifiedCookie {
  id: string;
  /** True when it was signed by a previous secret, so the cookie should be re-sent signed by the current one. */
  stale: boolean;
}

/**
 * The session id in a cookie value when its signature matches one of `secrets` (current first),
 * else undefined. Never throws: any malformed value is simply not a session.
 */
export function verifySessionCookie(value: string | undefined, secrets: readonly string[]): VerifiedCookie | undefined {
  if (typeof value !== "string" || value.length !== 32 + 1 + signatureLength) return undefined;
  const id = value.slice(0, 32);
  if (value[32] !== "." || !idPattern.test(id)) return undefined;
  const given = Buffer.from(value.slice(33), "latin1");
  for (let i = 0; i < secrets.length; i += 1) {
    const expected = Buffer.from(signature(id, secrets[i] as string), "latin1");
    if (expected.length === given.length && timingSafeEqual(expected, given)) return { id, stale: i > 0 };
  }
  return undefined;
}

/** True when `a` and `b` are the same string, compared in time that does not depend on where they differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  // Compare against itself on a length mismatch so the time spent does not depend on the content.
  if (left.length !== right.length) {
    timingSafeEqual(left, left);
    return false;
  }
  return timingSafeEqual(left, right);
}

export interface CookieAttributes {
  /**
   * Adds `Secure` (behind HTTPS, directly or through a trusted proxy) and names the cookie
   * `__Host-<name>`: browsers then accept it only from HTTPS, for this host alone (no Domain, so
   * a sibling subdomain cannot plant or overwrite it) and for Path=/.
   */
  secure?: boolean;
}

/** The prefix browsers reserve for Secure, host-only, Path=/ cookies (RFC 6265bis). */
export const hostCookiePrefix = "__Host-";

/**
 * The name the cookie has on the wire: `__Host-<name>` when it is Secure, else `name`.
 * @example
 * wireCookieName("dashbase_sid", { secure: true }); // "__Host-dashbase_sid"
 */
export function wireCookieName(name: string, attributes: CookieAttributes = {}): string {
  return attributes.secure === true && !name.startsWith(hostCookiePrefix) ? `${hostCookiePrefix}${name}` : name;
}

/**
 * The Set-Cookie header value that stores `value` in the browser for `maxAgeMs`.
 * @example
 * sessionSetCookie("dashbase_sid", signed, 2_592_000_000, { secure: true });
 * // "__Host-dashbase_sid=...; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure"
 */
export function sessionSetCookie(name: string, value: string, maxAgeMs: number, attributes: CookieAttributes = {}): string {
  const maxAge = Math.max(1, Math.ceil(maxAgeMs / 1000));
  return `${wireCookieName(name, attributes)}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${attributes.secure === true ? "; Secure" : ""}`;
}

/** The Set-Cookie header value that removes the cookie `name` from the browser. */
export function clearSessionCookie(name: string, attributes: CookieAttributes = {}): string {
  return `${wireCookieName(name, attributes)}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax${attributes.secure === true ? "; Secure" : ""}`;
}

/** A cookie name is an HTTP token (RFC 6265): letters, digits and !#$%&'*+-.^_`|~. */
export function isCookieName(name: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);
}
