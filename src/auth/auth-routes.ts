/**
 * @module
 * The sign-in and sign-out endpoints and the prebuilt sign-in page (docs/auth.md, wire protocol):
 *   GET  /_dashbase/auth/sign-in[?next=/path]  the page, carrying the session's CSRF token
 *   POST /_dashbase/auth/sign-in               email, password, next, _csrf (form or JSON + header)
 *   POST /_dashbase/auth/sign-out              _csrf (form field or header), next
 * A form post is answered as a browser expects (303 to `next`, or the page again with the
 * error); a JSON post with JSON. Every POST needs the session's CSRF token; a wrong e-mail
 * address and a wrong password get the same answer; failures are rate-limited in the database.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppCore } from "../app/app-core.js";
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";
import { csrfHeader } from "../protocol/endpoints.js";
import type { BasePath } from "../protocol/base-path.js";
import { sessionCookieValue, sessionOf } from "../server/request-session.js";
import type { Session } from "../session/session-manager.js";
import type { ResolvedAuthOptions } from "./auth-options.js";
import { authBasePath, signInPath, signOutPath } from "./auth-paths.js";
import { maxPasswordLength, verifyPassword } from "./password-hash.js";
import { safeNextPath } from "./safe-next.js";
import { renderSignInPage, signInPageCss, signInThemeScript } from "./sign-in-page.js";
import { attemptKeys, createSignInRateLimit } from "./sign-in-rate-limit.js";
import { signInUser, signOutRequest } from "./sign-in-user.js";

export interface AuthRoutesOptions {
  readonly core: AppCore;
  readonly auth: ResolvedAuthOptions;
  readonly mount: BasePath;
  /** The renderer's and the app's stylesheets (browser URLs), linked by the sign-in page. */
  readonly stylesheets: readonly string[];
}

const cssPath = `${authBasePath}/sign-in.css`;
const themePath = `${authBasePath}/theme.js`;
/** The longest e-mail address (RFC 5321's path limit); longer input is cut before it is counted or looked up. */
const maxEmailLength = 320;
/** A sign-in form is a few hundred bytes. */
const formBodyLimit = 16_384;

const findSql = "SELECT id::text AS id, password_hash FROM auth_users WHERE email = $1 AND disabled_at IS NULL";
/** The one message for an unknown account, a wrong password and a disabled account. */
export const signInFailedMessage = "the e-mail address or the password is wrong; check both and try again";

/** The one message of a refused attempt past the limit. */
export const signInLimitedMessage =
  "too many failed sign-ins for this account or from this address; wait as long as the Retry-After header says (minutes at most), then try again";

type Body = Record<string, unknown>;

function bodyOf(request: FastifyRequest): Body {
  const body = request.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Body) : {};
}

function isForm(request: FastifyRequest): boolean {
  return (request.headers["content-type"] ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded");
}

function csrfError(hasToken: boolean): DashbaseError {
  return new DashbaseError(
    "DASHBASE_E_CSRF",
    hasToken
      ? "the CSRF token does not match this session's (the session may have expired); reload the sign-in page and try again"
      : `this POST carries no CSRF token; send the session's token as the _csrf form field or the ${csrfHeader} header (the sign-in page's form has it)`,
  );
}

/**
 * Registers the auth endpoints on `server` (in a context of their own, which also reads HTML form bodies).
 * @example
 * await registerAuthRoutes(server, { core, auth: authOptionsOf(core.definition.options)!, mount, stylesheets });
 */
export async function registerAuthRoutes(server: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  const { core, auth, mount } = options;
  const sessions = core.services.sessions;
  const db = core.services.db;
  const limit = createSignInRateLimit(db, auth.rateLimit);
  // The unknown-account path hashes once on first use: do it now, so the first answer is not slower
  // (and a platform without argon2's native binary is named at start, not at the first sign-in).
  void verifyPassword(null, "warm-up").catch((error: unknown) =>
    server.log.error({ err: error }, "sign-in will fail: password hashing does not work"),
  );

  const page = (
    reply: FastifyReply,
    session: Session,
    status: number,
    fields: { next: string; email?: string; error?: string },
  ): FastifyReply => {
    const html = renderSignInPage({
      appTitle: core.definition.title,
      csrfToken: session.csrfToken,
      next: fields.next,
      ...(fields.email === undefined ? {} : { email: fields.email }),
      ...(fields.error === undefined ? {} : { error: fields.error }),
      password: auth.password,
      providers: auth.providers,
      user: session.user,
      urls: {
        signIn: mount.endpoint(signInPath),
        signOut: mount.endpoint(signOutPath),
        next: mount.toBrowser(fields.next),
        stylesheets: [...options.stylesheets, mount.endpoint(cssPath)],
        themeScript: mount.endpoint(themePath),
      },
    });
    return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(html);
  };

  /** The session of a POST whose CSRF token (header or `_csrf` field) matches; else DASHBASE_E_CSRF. */
  const checkedSession = async (request: FastifyRequest, reply: FastifyReply, body: Body): Promise<Session> => {
    const header = request.headers[csrfHeader];
    const token = typeof header === "string" && header !== "" ? header : typeof body["_csrf"] === "string" ? body["_csrf"] : undefined;
    // No cookie, so no token can match: refuse before a session is made for the request.
    if (sessionCookieValue(sessions, request) === undefined) throw csrfError(token !== undefined);
    const session = await sessionOf(sessions, request, reply);
    if (!sessions.verifyCsrf(session, token)) throw csrfError(token !== undefined);
    return session;
  };

  /** A form post's refusal: the page again with the message (and a fresh token), logged like any refusal. */
  const refuseForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error: DashbaseError,
    fields: { next: string; email?: string },
  ) => {
    request.log.info({ code: error.code }, `${error.code}: ${request.method} ${request.url.split("?")[0]}`);
    const session = await sessionOf(sessions, request, reply);
    return page(reply, session, error.status, { ...fields, error: error.message });
  };

  await server.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: formBodyLimit },
      (_request, text, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(text))));
      },
    );

    scope.get(cssPath, async (_request, reply) =>
      reply.header("cache-control", "public, max-age=3600").type("text/css; charset=utf-8").send(signInPageCss),
    );
    scope.get(themePath, async (_request, reply) =>
      reply.header("cache-control", "public, max-age=3600").type("text/javascript; charset=utf-8").send(signInThemeScript),
    );

    scope.get(signInPath, async (request, reply) => {
      const next = safeNextPath((request.query as Record<string, unknown>)["next"]);
      const session = await sessionOf(sessions, request, reply);
      return page(reply, session, 200, { next });
    });

    // A link to sign out (no JavaScript) lands on the page, whose button posts with the token.
    scope.get(signOutPath, async (request, reply) => {
      const next = safeNextPath((request.query as Record<string, unknown>)["next"]);
      return reply
        .code(303)
        .header("cache-control", "no-store")
        .redirect(`${mount.endpoint(signInPath)}?next=${encodeURIComponent(next)}`, 303);
    });

    if (auth.password) {
      scope.post(signInPath, async (request, reply) => {
        const body = bodyOf(request);
        const form = isForm(request);
        const next = safeNextPath(body["next"] ?? (request.query as Record<string, unknown>)["next"]);
        const email = typeof body["email"] === "string" ? body["email"].trim().toLowerCase().slice(0, maxEmailLength) : undefined;
        try {
          await checkedSession(request, reply, body);
          const password = body["password"];
          if (email === undefined || email === "" || typeof password !== "string") {
            throw new DashbaseError("DASHBASE_E_BAD_REQUEST", "sign-in: expected the fields email and password (strings)");
          }
          const keys = attemptKeys(email, request.ip);
          const verdict = await limit.begin(keys);
          if (!verdict.allowed) {
            const seconds = Math.ceil(verdict.retryAfterMs / 1000);
            reply.header("retry-after", String(seconds));
            // The same words every time (the wait is in Retry-After), whether the account exists or not.
            throw new DashbaseError("DASHBASE_E_SIGN_IN_RATE_LIMITED", signInLimitedMessage);
          }
          const row = (await db.query(findSql, [email], { name: "dashbase_auth_find_by_email" })).rows[0];
          // A too-long password is checked as an empty one: the same work, and never a match.
          const candidate = password.length <= maxPasswordLength ? password : "";
          const matches = (await verifyPassword(row?.["password_hash"] as string | null | undefined, candidate)) && candidate === password;
          if (row === undefined || !matches) throw new DashbaseError("DASHBASE_E_SIGN_IN_FAILED", signInFailedMessage);
          await limit.succeeded(keys);
          const session = await signInUser(core.services, request, reply, String(row["id"]));
          reply.header("cache-control", "no-store");
          if (form) return reply.code(303).redirect(mount.toBrowser(next), 303);
          return { user: session.user, next };
        } catch (error) {
          if (!form || !isDashbaseError(error)) throw error;
          return refuseForm(request, reply, error, { next, ...(email === undefined ? {} : { email }) });
        }
      });
    }

    scope.post(signOutPath, async (request, reply) => {
      const body = bodyOf(request);
      const form = isForm(request);
      const next = safeNextPath(body["next"] ?? (request.query as Record<string, unknown>)["next"]);
      try {
        await checkedSession(request, reply, body);
      } catch (error) {
        if (!form || !isDashbaseError(error)) throw error;
        return refuseForm(request, reply, error, { next });
      }
      await signOutRequest({ sessions }, request, reply);
      reply.header("cache-control", "no-store");
      if (form) return reply.code(303).redirect(mount.toBrowser(next), 303);
      return { next };
    });
  });
}
