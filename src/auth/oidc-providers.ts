/**
 * @module
 * The OpenID Connect providers an app signs in with: the one from OIDC_* and those of
 * `createApp({ auth: { oidc: [...] } })`, checked once at start.
 */
import type { AppOidcProvider, CreateAppOptions } from "../app/app-options.js";
import type { Settings } from "../config/settings.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { authEnabled } from "./auth-options.js";
import { OidcClient, type OidcProvider } from "./oidc-client.js";

const idPattern = /^[A-Za-z0-9_-]{1,40}$/;

/** The providers' clients, and the secret that signs the state cookie. */
export interface OidcSignIns {
  readonly clients: ReadonlyMap<string, OidcClient>;
  readonly secret: string;
}

function fromOption(given: AppOidcProvider, index: number): OidcProvider {
  const where = `createApp({ auth: { oidc[${index}] } })`;
  if (typeof given.id !== "string" || !idPattern.test(given.id))
    throw new DashbaseError(
      "DASHBASE_E_AUTH_OPTION",
      `${where}.id: expected 1-40 letters, digits, "-" or "_", found ${JSON.stringify(given.id)}`,
    );
  for (const key of ["issuer", "clientId", "clientSecret"] as const) {
    if (typeof given[key] !== "string" || given[key] === "")
      throw new DashbaseError("DASHBASE_E_AUTH_OPTION", `${where}.${key}: expected a non-empty string (provider "${given.id}")`);
  }
  let issuer: URL;
  try {
    issuer = new URL(given.issuer);
  } catch {
    throw new DashbaseError(
      "DASHBASE_E_AUTH_OPTION",
      `${where}.issuer: expected the provider's issuer URL, found ${JSON.stringify(given.issuer)}`,
    );
  }
  return {
    id: given.id,
    issuer: issuer.href.replace(/\/$/, ""),
    clientId: given.clientId,
    clientSecret: given.clientSecret,
    label: given.label ?? issuer.host,
    scopes: given.scopes ?? "openid email profile",
  };
}

/**
 * The app's providers, or undefined when it has none (or no auth).
 * @example
 * const oidc = oidcSignIns(app.options, settings, secret);
 */
export function oidcSignIns(options: CreateAppOptions, settings: Settings, secret: string): OidcSignIns | undefined {
  if (!authEnabled(options)) return undefined;
  const given = typeof options.auth === "object" && options.auth !== null ? (options.auth.oidc ?? []) : [];
  const providers: OidcProvider[] = given.map(fromOption);
  const fromEnv = settings.session?.oidc;
  if (fromEnv !== undefined) providers.unshift({ id: "oidc", ...fromEnv });
  if (providers.length === 0) return undefined;
  const clients = new Map<string, OidcClient>();
  for (const provider of providers) {
    if (clients.has(provider.id))
      throw new DashbaseError(
        "DASHBASE_E_AUTH_OPTION",
        `auth.oidc: two providers have the id "${provider.id}" (OIDC_* in the environment takes "oidc")`,
      );
    clients.set(provider.id, new OidcClient(provider));
  }
  return { clients, secret };
}

/** The sign-in page's "Sign in with X" links. */
export function oidcLinks(signIns: OidcSignIns | undefined, basePath: string): { id: string; label: string; href: string }[] {
  return [...(signIns?.clients.values() ?? [])].map(({ provider }) => ({
    id: provider.id,
    label: provider.label,
    href: `${basePath}/_dashbase/auth/oidc/${provider.id}/start`,
  }));
}
