/**
 * @module
 * The OpenID Connect round trip: `GET /_dashbase/auth/oidc/<id>/start?next=/path` sends the
 * browser to the provider with PKCE, state and nonce (kept in a signed cookie), and
 * `GET /_dashbase/auth/oidc/<id>/callback` takes it back: the answer is checked, the provider's
 * account becomes a user (oidc-users.ts), the session is signed in under a new id, and the
 * browser goes on to `next`.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AppCore } from "../app/app-core.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { cookieAttributesOf, cookieValue } from "../server/request-session.js";
import { clearSessionCookie, sessionSetCookie, wireCookieName } from "../session/session-cookie.js";
import type { OidcSignIns } from "./oidc-providers.js";
import { openOidcState, oidcStateLifetimeMs, sealOidcState } from "./oidc-state.js";
import { userForProviderAccount } from "./oidc-users.js";
import { safeNextPath } from "./safe-next.js";
import { signInUser } from "./sign-in-user.js";

/** The base of the OpenID Connect routes, under the mount point. */
export const oidcPathPrefix = "/_dashbase/auth/oidc/";

/** The state cookie; named `__Host-dashbase_oidc` behind HTTPS, like the session cookie. */
const stateCookieName = "dashbase_oidc";

function queryString(request: FastifyRequest): string {
  const index = request.url.indexOf("?");
  return index < 0 ? "" : request.url.slice(index + 1);
}

/**
 * Registers the routes for the app's providers.
 * @example
 * registerOidcRoutes(server, core, oidc, basePath);
 */
export function registerOidcRoutes(server: FastifyInstance, core: AppCore, signIns: OidcSignIns, basePath: string): void {
  const clientOf = (id: string) => {
    const found = signIns.clients.get(id);
    if (found === undefined)
      throw new DashbaseError("DASHBASE_E_NOT_FOUND", `no OpenID Connect provider "${id}" is configured for this app`);
    return found;
  };
  const redirectUri = (request: FastifyRequest, id: string): string =>
    `${request.protocol}://${request.host}${basePath}${oidcPathPrefix}${id}/callback`;

  server.get<{ Params: { id: string }; Querystring: { next?: string } }>(`${oidcPathPrefix}:id/start`, async (request, reply) => {
    const client = clientOf(request.params.id);
    const next = safeNextPath(typeof request.query.next === "string" ? request.query.next : undefined);
    const { url, state } = await client.start(redirectUri(request, client.provider.id), next, Date.now());
    // Lax, as the session cookie: the provider sends the browser back with a top-level GET, which carries it.
    const cookie = sessionSetCookie(
      stateCookieName,
      sealOidcState(state, signIns.secret),
      oidcStateLifetimeMs,
      cookieAttributesOf(request),
    );
    return reply.header("cache-control", "no-store").header("set-cookie", cookie).redirect(url, 302);
  });

  server.get<{ Params: { id: string } }>(`${oidcPathPrefix}:id/callback`, async (request, reply) => {
    const client = clientOf(request.params.id);
    const attributes = cookieAttributesOf(request);
    const state = openOidcState(cookieValue(request, wireCookieName(stateCookieName, attributes)), signIns.secret, Date.now());
    if (state === undefined || state.provider !== client.provider.id) {
      throw new DashbaseError(
        "DASHBASE_E_OIDC_STATE",
        `this sign-in with ${client.provider.label} cannot be finished: it was started in another browser, more than ${oidcStateLifetimeMs / 60_000} minutes ago, or not at all; start again from the sign-in page`,
      );
    }
    const providerError = (request.query as Record<string, unknown>)["error"];
    if (typeof providerError === "string") {
      throw new DashbaseError(
        "DASHBASE_E_OIDC",
        `${client.provider.label} did not sign you in (${providerError.slice(0, 100)}); start again from the sign-in page`,
      );
    }
    const claims = await client.finish(redirectUri(request, client.provider.id), queryString(request), state);
    const userId = await userForProviderAccount(core.services.db, claims);
    await signInUser(core.services, request, reply, userId);
    // signInUser set the session cookie; Fastify adds the cleared state cookie beside it.
    return reply
      .header("cache-control", "no-store")
      .header("set-cookie", clearSessionCookie(stateCookieName, attributes))
      .redirect(`${basePath}${state.next}`, 302);
  });
}
