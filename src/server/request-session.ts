/**
 * @module
 * The session of a request (resumed from its cookie, or started, with Set-Cookie when needed)
 * and the CSRF check every POST goes through before any handler runs.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { DashbaseError } from "../errors/dashbase-error.js";
import { csrfHeader } from "../protocol/endpoints.js";
import type { Session, SessionManager } from "../session/session-manager.js";
import { bindSessionCookie } from "../app/session-row.js";
import { wireCookieName, type CookieAttributes } from "../session/session-cookie.js";

/**
 * The session cookie's value. A request carrying it twice is refused: browsers send every
 * matching cookie (one set for a sub-path or by a sibling subdomain comes first), so "the first
 * wins" would let whoever planted a cookie choose the session a victim's requests run in.
 */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (header === undefined) return undefined;
  let found: string | undefined;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index <= 0 || part.slice(0, index).trim() !== name) continue;
    if (found !== undefined) {
      throw new DashbaseError(
        "DASHBASE_E_DUPLICATE_SESSION_COOKIE",
        `the request carries the ${name} cookie more than once, so the server cannot tell which session it belongs to; clear this site's cookies and reload`,
      );
    }
    found = part.slice(index + 1).trim();
  }
  return found;
}

/** The session cookie's attributes for this request: Secure (and `__Host-`) when it came over HTTPS (see TRUST_PROXY). */
export function cookieAttributesOf(request: FastifyRequest): CookieAttributes {
  return { secure: request.protocol === "https" };
}

/** The session cookie's value in this request, under its wire name (`__Host-` over HTTPS). */
export function sessionCookieValue(
  sessions: SessionManager,
  request: FastifyRequest,
  attributes = cookieAttributesOf(request),
): string | undefined {
  return cookieValue(request, wireCookieName(sessions.cookieName, attributes));
}

/**
 * Resumes (or starts) the session and queues its cookie on the reply when it must be (re)sent.
 * `cookie` is the request's session cookie when the caller has read it already.
 * @example
 * const session = await sessionOf(sessions, request, reply);
 */
export async function sessionOf(
  sessions: SessionManager,
  request: FastifyRequest,
  reply: FastifyReply,
  attributes = cookieAttributesOf(request),
  cookie = sessionCookieValue(sessions, request, attributes),
): Promise<Session> {
  const { session, setCookie } = await sessions.resume(cookie, attributes);
  if (setCookie !== undefined) reply.header("set-cookie", setCookie);
  if (session.persisted !== false) return session;
  // A session without a row gets it on its first write: this request's own copy then sends its new cookie.
  const own = { ...session };
  bindSessionCookie(own, {
    attributes,
    send: (value) => replaceSessionCookie(reply, wireCookieName(sessions.cookieName, attributes), value),
  });
  return own;
}

/** Queues `setCookie` on the reply in place of any session cookie queued before, unless the answer has gone. */
function replaceSessionCookie(reply: FastifyReply, name: string, setCookie: string): void {
  if (reply.sent || reply.raw.headersSent) return;
  const queued = reply.getHeader("set-cookie");
  const others = (Array.isArray(queued) ? queued : typeof queued === "string" ? [queued] : []).filter(
    (value) => !value.startsWith(`${name}=`),
  );
  reply.header("set-cookie", others.length === 0 ? setCookie : [...others, setCookie]);
}

/**
 * The session of a POST, refused with 403 DASHBASE_E_CSRF unless the request carries its token.
 */
export async function verifiedSessionOf(sessions: SessionManager, request: FastifyRequest, reply: FastifyReply): Promise<Session> {
  const token = request.headers[csrfHeader];
  const attributes = cookieAttributesOf(request);
  const cookie = sessionCookieValue(sessions, request, attributes);
  if (cookie === undefined) {
    // No cookie, so no token can match: refuse before a session row is made for the request.
    throw new DashbaseError(
      "DASHBASE_E_CSRF",
      `this POST carries no session cookie; open the page first (its boot data has the csrfToken for the ${csrfHeader} header)`,
    );
  }
  const session = await sessionOf(sessions, request, reply, attributes, cookie);
  if (!sessions.verifyCsrf(session, typeof token === "string" ? token : undefined)) {
    throw new DashbaseError(
      "DASHBASE_E_CSRF",
      token === undefined
        ? `this POST has no ${csrfHeader} header; expected the csrfToken from the page's boot data (reload the page)`
        : `the ${csrfHeader} header does not match this session's token; expected the csrfToken from the page's boot data (the session may have expired: reload the page)`,
    );
  }
  return session;
}
