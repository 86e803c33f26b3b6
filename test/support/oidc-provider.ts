/**
 * @module
 * A real OpenID Connect provider for the sign-in tests: `oidc-provider` on 127.0.0.1 with its
 * development login and consent pages (any login name signs in as that account). Accounts get
 * the claims a test names; others get `<login>@example.com`, verified.
 */
import type { Server } from "node:http";
import Provider from "oidc-provider";

export interface TestProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  close(): Promise<void>;
}

export interface TestProviderOptions {
  port: number;
  redirectUris: string[];
  /** Claims by login name (sub); default `{ email: "<login>@example.com", email_verified: true, name: "User <login>" }`. */
  accounts?: Record<string, Record<string, unknown>>;
}

/** Starts the provider; `close()` stops it. */
export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const clientId = "dashbase-test";
  const clientSecret = "provider-client-secret-0123456789abcdef";
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    findAccount: async (_context: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => ({
        sub,
        ...(options.accounts?.[sub] ?? { email: `${sub}@example.com`, email_verified: true, name: `User ${sub}` }),
      }),
    }),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    pkce: { required: () => true },
    // The development quick-start is what the tests want; its notices are noise here.
    cookies: { keys: ["test-provider-cookie-key-0123456789"] },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(options.port, "127.0.0.1", () => resolve(listening));
  });
  return {
    issuer,
    clientId,
    clientSecret,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
