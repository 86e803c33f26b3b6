/**
 * @module
 * `GET /_dashbase/auth/link?token=...&next=/path`: a one-time sign-in link printed by
 * `dashbase users link <email>`. The link is consumed (marked used in the same statement), the
 * browser's session is signed in as its user (a new session id and CSRF token), and the browser
 * goes on to `next` (a path of the app; default "/"), where the user can set a new password
 * (the app's own page, or `dashbase users set-password`). Registered only when the app has auth.
 */
import type { FastifyInstance } from "fastify";
import type { AppCore } from "../app/app-core.js";
import { BasePath } from "../protocol/base-path.js";
import { safeNextPath } from "./safe-next.js";
import { signInUser } from "./sign-in-user.js";
import { consumeSignInLink, signInLinkPath } from "./sign-in-links.js";

/**
 * Registers the link route on `server` (its prefix is the app's mount point).
 * @example
 * if (authEnabled(core.definition.options)) registerSignInLinkRoute(server, core);
 */
export function registerSignInLinkRoute(server: FastifyInstance, core: AppCore): void {
  const mount = new BasePath(server.prefix.replace(/\/+$/, ""));
  server.get(signInLinkPath, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const userId = await consumeSignInLink(core.services.db, query["token"]);
    await signInUser(core.services, request, reply, userId);
    const next = safeNextPath(typeof query["next"] === "string" ? query["next"] : "/", "/");
    // The token must not linger in the history or a Referer: the redirect replaces the URL.
    return reply.header("cache-control", "no-store").header("referrer-policy", "no-referrer").redirect(mount.toBrowser(next), 303);
  });
}
