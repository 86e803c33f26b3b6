/**
 * @module
 * The pieces of OpenID Connect sign-in that need no provider: where a browser may be sent after
 * signing in, the signed state cookie (forged, altered, expired or from another secret: refused),
 * and the OIDC_* settings (all three or none; https except on this machine; the secret never in a message).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openOidcState, sealOidcState, type OidcState } from "../../src/auth/oidc-state.js";
import { safeNextPath } from "../../src/auth/safe-next.js";
import { loadSettings } from "../../src/config/load-settings.js";
import { DashbaseError } from "../../src/errors/dashbase-error.js";

describe("safeNextPath", () => {
  it("keeps paths of this app and turns everything else into /", () => {
    assert.equal(safeNextPath("/history?view=2#top"), "/history?view=2#top");
    for (const bad of [
      undefined,
      "",
      "history",
      "//evil.example/x",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/a\r\nSet-Cookie: x=y",
      "/" + "a".repeat(3000),
    ])
      assert.equal(safeNextPath(bad), "/", JSON.stringify(bad));
  });
});

describe("the sign-in state cookie", () => {
  const secret = "s".repeat(40);
  const state: OidcState = { provider: "google", verifier: "v".repeat(43), state: "st", nonce: "n", next: "/x", expiresAt: 10_000 };

  it("opens what it sealed until it expires", () => {
    const sealed = sealOidcState(state, secret);
    assert.deepEqual(openOidcState(sealed, secret, 9_999), state);
    assert.equal(openOidcState(sealed, secret, 10_000), undefined, "expired");
  });

  it("refuses a value signed with another secret, altered, or malformed", () => {
    const sealed = sealOidcState(state, secret);
    assert.equal(openOidcState(sealed, "t".repeat(40), 0), undefined);
    const [payload, mac] = sealed.split(".") as [string, string];
    const altered = Buffer.from(JSON.stringify({ ...state, next: "//evil.example" })).toString("base64url");
    assert.equal(openOidcState(`${altered}.${mac}`, secret, 0), undefined);
    for (const bad of [undefined, "", "abc", `${payload}.`, `.${mac}`]) assert.equal(openOidcState(bad, secret, 0), undefined, String(bad));
  });
});

describe("OIDC_* settings", () => {
  const base = { DASHBASE_ENV: "test", DASHBASE_DATABASE: "embedded" };

  it("reads a provider from the three variables, with a label and scopes", () => {
    const settings = loadSettings({
      env: { ...base, OIDC_ISSUER: "https://accounts.example.com/", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "very-secret-value" },
    });
    assert.deepEqual(settings.session.oidc, {
      issuer: "https://accounts.example.com",
      clientId: "id",
      clientSecret: "very-secret-value",
      label: "accounts.example.com",
      scopes: "openid email profile",
    });
  });

  it("names the missing variables when only some are set, without the secret", () => {
    assert.throws(
      () => loadSettings({ env: { ...base, OIDC_ISSUER: "https://id.example.com", OIDC_CLIENT_SECRET: "very-secret-value" } }),
      (error: unknown) =>
        error instanceof DashbaseError &&
        /OIDC_CLIENT_ID: required with OIDC_ISSUER, OIDC_CLIENT_SECRET/.test(error.message) &&
        !error.message.includes("very-secret-value"),
    );
  });

  it("refuses a plain-http issuer except on this machine", () => {
    assert.throws(
      () => loadSettings({ env: { ...base, OIDC_ISSUER: "http://id.example.com", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "x" } }),
      /OIDC_ISSUER: expected an https:\/\/ URL/,
    );
    const local = loadSettings({ env: { ...base, OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_CLIENT_ID: "id", OIDC_CLIENT_SECRET: "x" } });
    assert.equal(local.session.oidc?.issuer, "http://127.0.0.1:9000");
  });
});
