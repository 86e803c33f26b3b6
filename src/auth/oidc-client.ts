/**
 * @module
 * Sign-in with one OpenID Connect provider through openid-client: the provider's discovery
 * document read once (again after a failure), the authorization URL with PKCE (S256), state and
 * nonce, and the code exchanged for verified ID-token claims on the way back.
 */
import type * as OpenidClient from "openid-client";
import type { OidcSettings } from "../config/settings.js";
import { isLoopbackHost } from "../config/read-oidc-settings.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { oidcStateLifetimeMs, type OidcState } from "./oidc-state.js";

/** A provider as the routes use it: its settings and the id in its URLs. */
export interface OidcProvider extends OidcSettings {
  /** Letters, digits, `-` and `_`: `/_dashbase/auth/oidc/<id>/start`. */
  readonly id: string;
}

/** What dashbase keeps of a provider's answer. */
export interface OidcClaims {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly name: string | null;
}

// openid-client (with jose beneath it) loads with the first sign-in through a provider, not at
// every start of every app (issue 15).
let openidClient: Promise<typeof OpenidClient> | undefined;
const loadOpenidClient = (): Promise<typeof OpenidClient> => (openidClient ??= import("openid-client"));

function providerError(provider: OidcProvider, what: string, error: unknown): DashbaseError {
  // openid-client's messages name endpoints and claims, never the client secret.
  const reason = error instanceof Error ? error.message : String(error);
  return new DashbaseError("DASHBASE_E_OIDC", `sign-in with ${provider.label} failed: ${what}: ${reason}`);
}

export class OidcClient {
  #configuration: Promise<OpenidClient.Configuration> | undefined;

  constructor(readonly provider: OidcProvider) {}

  private configuration(): Promise<OpenidClient.Configuration> {
    this.#configuration ??= (async () => {
      const client = await loadOpenidClient();
      const issuer = new URL(this.provider.issuer);
      const insecure = issuer.protocol === "http:" && isLoopbackHost(issuer.hostname);
      return client.discovery(
        issuer,
        this.provider.clientId,
        this.provider.clientSecret,
        undefined,
        insecure ? { execute: [client.allowInsecureRequests] } : undefined,
      );
    })().catch((error: unknown) => {
      this.#configuration = undefined;
      throw providerError(this.provider, `reading ${this.provider.issuer}/.well-known/openid-configuration`, error);
    });
    return this.#configuration;
  }

  /** The provider's authorization URL and the state the browser must bring back. */
  async start(redirectUri: string, next: string, now: number): Promise<{ url: string; state: OidcState }> {
    const configuration = await this.configuration();
    const client = await loadOpenidClient();
    const verifier = client.randomPKCECodeVerifier();
    const state: OidcState = {
      provider: this.provider.id,
      verifier,
      state: client.randomState(),
      nonce: client.randomNonce(),
      next,
      expiresAt: now + oidcStateLifetimeMs,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: this.provider.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: state.state,
      nonce: state.nonce,
    });
    return { url: url.href, state };
  }

  /** Exchanges the code in `callbackQuery` for the ID token's claims, checking state, nonce and PKCE. */
  async finish(redirectUri: string, callbackQuery: string, state: OidcState): Promise<OidcClaims> {
    const configuration = await this.configuration();
    const client = await loadOpenidClient();
    let claims: Record<string, unknown> & { iss: string; sub: string };
    try {
      const tokens = await client.authorizationCodeGrant(configuration, new URL(`${redirectUri}?${callbackQuery}`), {
        pkceCodeVerifier: state.verifier,
        expectedState: state.state,
        expectedNonce: state.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (idToken === undefined) throw new Error("the token answer carried no ID token");
      claims = idToken;
      // Many providers put only `sub` in the ID token and the profile behind the userinfo endpoint.
      if (
        (claims["email"] === undefined || claims["name"] === undefined) &&
        configuration.serverMetadata().userinfo_endpoint !== undefined
      ) {
        claims = {
          ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)),
          ...claims,
          iss: idToken.iss,
          sub: idToken.sub,
        };
      }
    } catch (error) {
      throw providerError(this.provider, "the provider's answer did not check out", error);
    }
    const email = typeof claims["email"] === "string" ? claims["email"].trim().toLowerCase() : null;
    const name = typeof claims["name"] === "string" && claims["name"].trim() !== "" ? claims["name"].trim() : null;
    return { issuer: claims.iss, subject: claims.sub, email, emailVerified: claims["email_verified"] === true, name };
  }
}
