/**
 * The pure parts of sign-in: `next` is kept only when it is a path of this app (no open
 * redirect), the sign-in location a protected page sends visitors to, and `createApp({ auth })`
 * options checked with messages that name the fix.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isDashbaseError } from "dashbase";
import {
  authOptionsOf,
  defaultSignInRateLimit,
  safeNextPath,
  SignInForm,
  SignInLink,
  signInLocation,
  signInPath,
  SignOutButton,
} from "dashbase/auth";

describe("safeNextPath", () => {
  it("keeps paths of the app, with their query and fragment", () => {
    for (const next of ["/", "/history", "/history?view=3&x=%2F", "/a/b#c", "/country/fr?year=2000"])
      assert.equal(safeNextPath(next), next);
  });

  it("turns anything that could leave the app into the fallback", () => {
    for (const next of [
      "//evil.example",
      "//evil.example/path",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "http:/evil.example",
      "javascript:alert(1)",
      "/\t/evil.example",
      "/\n/evil.example",
      "/ /evil",
      "evil.example",
      "",
      "/%0a",
      `/${"a".repeat(3000)}`,
    ]) {
      const kept = safeNextPath(next);
      assert.ok(kept === "/" || kept === next, JSON.stringify(next));
      assert.ok(new URL(kept, "http://app.invalid").origin === "http://app.invalid", JSON.stringify(next));
    }
    assert.equal(safeNextPath("//evil.example"), "/");
    assert.equal(safeNextPath(undefined), "/");
    assert.equal(safeNextPath(["/x"]), "/");
    assert.equal(safeNextPath("https://evil.example", "/home"), "/home");
  });
});

describe("signInLocation", () => {
  it("sends to the prebuilt page or the app's own, with next encoded", () => {
    assert.equal(signInLocation("/admin?tab=2"), `${signInPath}?next=%2Fadmin%3Ftab%3D2`);
    assert.equal(signInLocation("/admin", "/login"), "/login?next=%2Fadmin");
    assert.equal(signInLocation("/admin", "/login?theme=dark"), "/login?theme=dark&next=%2Fadmin");
  });
});

describe("authOptionsOf", () => {
  it("is undefined without auth, and fills the documented defaults", () => {
    assert.equal(authOptionsOf({}), undefined);
    assert.equal(authOptionsOf({ auth: false }), undefined);
    const resolved = authOptionsOf({ auth: true });
    assert.deepEqual(resolved, { password: true, signInPage: signInPath, rateLimit: defaultSignInRateLimit, providers: [], oidc: [] });
    assert.deepEqual(defaultSignInRateLimit, { perAccount: 5, perAddress: 20, windowMs: 900_000 });
  });

  it("takes the app's own sign-in page, limits and provider links", () => {
    const resolved = authOptionsOf({
      auth: {
        signInPage: "/login",
        rateLimit: { perAccount: 3 },
        providers: [{ id: "github", label: "GitHub", href: "/_dashbase/auth/oidc/github" }],
      },
    });
    assert.equal(resolved?.signInPage, "/login");
    assert.deepEqual(resolved?.rateLimit, { ...defaultSignInRateLimit, perAccount: 3 });
    assert.equal(resolved?.providers[0]?.label, "GitHub");
  });

  it("refuses malformed options with DASHBASE_E_AUTH_OPTION naming the option", () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ signInPage: "https://evil.example/login" }, /auth\.signInPage: expected a path of the app/],
      [{ signInPage: "//evil.example" }, /auth\.signInPage/],
      [{ rateLimit: { perAccount: 0 } }, /auth\.rateLimit\.perAccount: expected a whole number from 1/],
      [{ rateLimit: { windowMs: 1.5 } }, /auth\.rateLimit\.windowMs/],
      [{ rateLimit: "often" }, /auth\.rateLimit: expected/],
      [{ providers: [{ id: "x", label: "X", href: "javascript:alert(1)" }] }, /auth\.providers\[0\]/],
      [{ providers: {} }, /auth\.providers: expected an array/],
    ];
    for (const [auth, message] of cases) {
      assert.throws(
        () => authOptionsOf({ auth: auth as never }),
        (error: unknown) => isDashbaseError(error, "DASHBASE_E_AUTH_OPTION") && message.test(error.message),
        JSON.stringify(auth),
      );
    }
  });
});

describe("sign-in and sign-out controls", () => {
  const session = { csrfToken: "token-123" };
  const props = (node: unknown): Record<string, unknown>[] => {
    const found: Record<string, unknown>[] = [];
    JSON.stringify(node, (key, value: unknown) => {
      if (key === "props" && typeof value === "object" && value !== null) found.push(value as Record<string, unknown>);
      return value;
    });
    return found;
  };

  it("SignOutButton is a native form posting the session's token to sign-out", () => {
    const all = props(SignOutButton(session, { next: "/history" }));
    assert.deepEqual(
      all.map((p) => [p["action"], p["method"], p["name"], p["value"], p["type"]].filter((v) => v !== undefined)),
      [
        ["/_dashbase/auth/sign-out?next=%2Fhistory", "post"],
        ["_csrf", "token-123", "submit"],
      ],
    );
  });

  it("SignInForm posts the documented fields to the sign-in endpoint", () => {
    const all = props(SignInForm(session, { next: "/admin" }));
    assert.equal(all[0]?.["action"], signInPath);
    assert.equal(all[0]?.["method"], "post");
    const fields = Object.fromEntries(all.filter((p) => typeof p["name"] === "string").map((p) => [p["name"], p["value"] ?? p["type"]]));
    assert.deepEqual(fields, { _csrf: "token-123", next: "/admin", email: "email", password: "password" });
  });

  it("SignInLink loads the sign-in page and comes back", () => {
    assert.deepEqual(props(SignInLink({ next: "/save" }))[0], {
      href: `${signInPath}?next=%2Fsave`,
      refresh: true,
      children: "Sign in",
    });
  });
});
