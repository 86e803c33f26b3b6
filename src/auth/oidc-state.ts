/**
 * @module
 * What a browser carries between leaving for the provider and coming back: which provider, the
 * PKCE verifier, the state and nonce to expect, and where to go afterwards, in a short-lived
 * HttpOnly cookie signed with the session secret (so no database row is written for a sign-in
 * that is never finished, and any process of a deployment can take the browser back).
 */
import { createHmac } from "node:crypto";
import { constantTimeEqual } from "../session/session-cookie.js";

export interface OidcState {
  readonly provider: string;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  /** A path of this app (checked before it is stored). */
  readonly next: string;
  /** Epoch milliseconds after which the state is refused. */
  readonly expiresAt: number;
}

/** How long a browser may spend at the provider. */
export const oidcStateLifetimeMs = 10 * 60_000;

function mac(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(`dashbase-oidc-state:${payload}`).digest("base64url");
}

/** The cookie value for `state`. */
export function sealOidcState(state: OidcState, secret: string): string {
  const payload = Buffer.from(JSON.stringify(state)).toString("base64url");
  return `${payload}.${mac(payload, secret)}`;
}

/** The state a cookie value carries, or undefined when it is missing, forged, malformed or expired. */
export function openOidcState(value: string | undefined, secret: string, now: number): OidcState | undefined {
  if (value === undefined) return undefined;
  const dot = value.indexOf(".");
  if (dot <= 0) return undefined;
  const payload = value.slice(0, dot);
  if (!constantTimeEqual(value.slice(dot + 1), mac(payload, secret))) return undefined;
  try {
    const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as OidcState;
    if (typeof state.expiresAt !== "number" || state.expiresAt <= now) return undefined;
    for (const key of ["provider", "verifier", "state", "nonce", "next"] as const) if (typeof state[key] !== "string") return undefined;
    return state;
  } catch {
    return undefined;
  }
}
