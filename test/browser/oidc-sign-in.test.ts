/**
 * @module
 * Sign-in with an OpenID Connect provider, in Chromium, against a real provider (`oidc-provider`)
 * started on 127.0.0.1: the app sends the browser there with PKCE, the user signs in and consents,
 * the provider sends it back, and the page shows `session.user`, on each backend. The session id
 * changes at sign-in, the same account signs in as the same user again, and neither the client
 * secret nor the code verifier appears in any log line.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { createApp, html, type RunningApp } from "dashbase";
import { loadSettings } from "dashbase/config";
import type { Database } from "dashbase";
import { createAuthTables } from "../support/auth-schema.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { browserSkipReason, ensureClientBuilt, launchBrowser } from "../support/browser.js";
import { freePort } from "../support/free-port.js";
import { startTestProvider, type TestProvider } from "../support/oidc-provider.js";

const skip = browserSkipReason();

// The PostgreSQL backend's databases are this file's own: dropped when its tests end.
after(dropServerDatabases);

for (const backend of backends) {
  describe(`OpenID Connect sign-in in the browser (${backend.name})`, { skip }, () => {
    let db: Database;
    let running: RunningApp;
    let provider: TestProvider;
    let browser: Browser;
    const logLines: string[] = [];

    before(async () => {
      await ensureClientBuilt();
      db = await backend.open();
      await createAuthTables(db);
      const providerPort = await freePort();
      const appPort = await freePort();
      const settings = loadSettings({ env: { DASHBASE_ENV: "test", SESSION_SECRET: "o".repeat(40), DASHBASE_DATABASE: "embedded" } });
      const app = createApp({
        title: "Who",
        settings,
        db: { handle: db },
        auth: {
          oidc: [
            {
              id: "local",
              label: "Local ID",
              issuer: `http://127.0.0.1:${providerPort}`,
              clientId: "dashbase-test",
              clientSecret: "provider-client-secret-0123456789abcdef",
            },
          ],
        },
        server: {
          clientDir: path.resolve("dist/client"),
          handleSignals: false,
          logger: {
            level: "debug",
            stream: new Writable({
              write(chunk: Buffer, _encoding, done) {
                logLines.push(chunk.toString("utf8"));
                done();
              },
            }),
          },
        },
      });
      app.page("/whoami", {
        title: "Who am I",
        layout: ({ session }) =>
          html.Div([
            html.P(session.user === null ? "anonymous" : `signed in as ${session.user.name} <${session.user.email ?? ""}>`, { id: "who" }),
          ]),
      });
      running = await app.listen({ port: appPort, host: "127.0.0.1", settings });
      provider = await startTestProvider({
        port: providerPort,
        redirectUris: [`http://127.0.0.1:${appPort}/_dashbase/auth/oidc/local/callback`],
      });
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await running?.close();
      await provider?.close();
      await db?.close();
    });

    async function signInAs(login: string): Promise<{ text: string; cookieBefore?: string; cookieAfter?: string }> {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${running.url}/whoami`);
      assert.equal(await page.locator("#who").textContent(), "anonymous");
      const cookieBefore = (await context.cookies()).find((cookie) => cookie.name === "dashbase_sid")?.value;
      await page.goto(`${running.url}/_dashbase/auth/oidc/local/start?next=/whoami`);
      // The provider's own login page, then its consent page.
      await page.locator('input[name="login"]').fill(login);
      await page.locator('input[name="password"]').fill("anything");
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]').click();
      await page.waitForURL(`${running.url}/whoami`);
      const text = (await page.locator("#who").textContent()) ?? "";
      const cookieAfter = (await context.cookies()).find((cookie) => cookie.name === "dashbase_sid")?.value;
      await context.close();
      return { text, ...(cookieBefore === undefined ? {} : { cookieBefore }), ...(cookieAfter === undefined ? {} : { cookieAfter }) };
    }

    it("signs a visitor in through the provider and shows session.user", async () => {
      const first = await signInAs("ada");
      assert.equal(first.text, "signed in as User ada <ada@example.com>");
      assert.ok(first.cookieAfter !== undefined && first.cookieAfter !== first.cookieBefore, "the session id changes at sign-in");
      const { rows } = await db.query("SELECT count(*)::int AS n FROM auth_users WHERE email = 'ada@example.com'");
      assert.equal(rows[0]?.["n"], 1);
    });

    it("signs the same provider account in as the same user the next time, in another browser", async () => {
      const again = await signInAs("ada");
      assert.equal(again.text, "signed in as User ada <ada@example.com>");
      const { rows } = await db.query(
        "SELECT count(*)::int AS users, (SELECT count(*)::int FROM auth_user_identities) AS identities FROM auth_users",
      );
      assert.deepEqual(rows[0], { users: 1, identities: 1 });
    });

    it("writes neither the client secret nor the state cookie into the log", () => {
      const log = logLines.join("");
      assert.ok(log.includes("/_dashbase/auth/oidc/local/callback"), "the callback requests were logged");
      assert.ok(!log.includes("provider-client-secret"), "no client secret in the log");
      assert.ok(!/dashbase_oidc=/.test(log), "no state cookie in the log");
    });
  });
}
