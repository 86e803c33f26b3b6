/**
 * @module
 * The one way a request becomes signed in, whichever method proved who it is (password, a
 * one-time link, an OpenID provider): the request's session moves to a new id with a new CSRF
 * token and the user attached (no session fixation), the visitor's anonymous values are adopted
 * by the user (see adopt-anonymous-values.ts), and the new cookie is set on the reply.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../db/database.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { cookieAttributesOf, sessionCookieValue } from "../server/request-session.js";
import type { Session, SessionManager } from "../session/session-manager.js";
import { adoptAnonymousValues } from "./adopt-anonymous-values.js";
import { createUserDirectory } from "./user-directory.js";

/** What signing in needs of the running app (`core.services` has both). */
export interface SignInServices {
  readonly sessions: SessionManager;
  readonly db: Database;
}

/**
 * Signs the request's browser in as `userId` (an enabled row of auth_users) and returns the new
 * session (with `user`). Call it only once the user has proved who they are; the caller answers
 * the request (a redirect, usually) and the Set-Cookie it needs is already on `reply`.
 * @throws DashbaseError DASHBASE_E_SIGN_IN_FAILED when no enabled user has this id.
 * @example
 * const session = await signInUser(core.services, request, reply, user.id);
 * return reply.redirect(safeNextPath(next), 303);
 */
export async function signInUser(services: SignInServices, request: FastifyRequest, reply: FastifyReply, userId: string): Promise<Session> {
  const user = await createUserDirectory(services.db).find(String(userId));
  if (user === null) throw new DashbaseError("DASHBASE_E_SIGN_IN_FAILED", "no enabled user has this id; sign-in refused");
  const attributes = cookieAttributesOf(request);
  // The cookie resume() may want to send is not sent: the session is replaced right away.
  const { session } = await services.sessions.resume(sessionCookieValue(services.sessions, request), attributes);
  if (session.userId === null) await adoptAnonymousValues(services.db, session.anonymousOwner, user.id);
  const signedIn = await services.sessions.attachUser(session, user.id, attributes);
  reply.header("set-cookie", signedIn.setCookie);
  return signedIn.session;
}

/**
 * Signs the request's session out: its row is deleted (so its cookie, if replayed, starts a new
 * anonymous session) and the cookie cleared; the next request gets a new anonymous session.
 * The user's store values stay with the user.
 */
export async function signOutRequest(
  services: Pick<SignInServices, "sessions">,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const attributes = cookieAttributesOf(request);
  const { session } = await services.sessions.resume(sessionCookieValue(services.sessions, request), attributes);
  const { setCookie } = await services.sessions.destroy(session, attributes);
  reply.header("set-cookie", setCookie);
}
