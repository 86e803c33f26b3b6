/**
 * An app mounted into a Fastify server of one's own under a prefix, in Chromium: pages, links,
 * the back button, callbacks, a declared table and a Location all work under the mount point,
 * with the app's paths written as if it were at the root.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { eq } from "drizzle-orm";
import { pgTable, serial, text } from "drizzle-orm/pg-core";
import Fastify, { type FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { createApp, DataTable, dcc, html, Input, Output, PreventUpdate, State } from "dashbase";
import { loadSettings } from "dashbase/config";
import { createDatabase, type Database } from "dashbase/db";
import { dashbase, serverOptions } from "dashbase/server";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";

const skip = browserSkipReason();
const words = pgTable("mounted_words", { id: serial("id").primaryKey(), owner: text("owner").notNull(), word: text("word").notNull() });

function mountedApp() {
  const app = createApp({ title: "Mounted" });
  const mine = app.table("mine", { from: words, columns: ["word"], where: (ctx) => eq(words.owner, ctx.session.owner) });
  const nav = html.Nav([dcc.Link("Home", { href: "/", id: "to-home" }), " ", dcc.Link("Words", { href: "/words", id: "to-words" })]);
  app.page("/", { title: "Home", layout: html.Div([nav, html.H1("Home"), dcc.Location({ id: "where" }), html.P({ id: "path" })]) });
  app.page("/words", {
    title: "Words",
    layout: html.Div([
      nav,
      html.H1("Words"),
      dcc.Input({ id: "word", "aria-label": "Word" }),
      html.Button("Add", { id: "add" }),
      html.P({ id: "added" }),
      DataTable({ table: mine }),
    ]),
  });
  app.callback([Output("path", "children")], [Input<string | undefined>("where", "pathname")], ([pathname]) => [`at ${pathname ?? "?"}`]);
  app.callback(
    [Output("added", "children"), Output("mine", "data_version")],
    [Input<number | undefined>("add", "n_clicks")],
    [State<string | undefined>("word", "value")],
    async ([clicks], [word], { db, session }) => {
      if (!clicks || !word) throw new PreventUpdate();
      await db.insert(words).values({ owner: session.owner, word });
      return [`added ${word}`, clicks];
    },
  );
  return app;
}

describe("an app mounted under /dash in a Fastify server of one's own", { skip }, () => {
  let host: FastifyInstance;
  let db: Database;
  let browser: Browser;
  let page: Page;
  let url: string;
  let console: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "m".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database });
    await db.exec("CREATE TABLE mounted_words (id serial primary key, owner text not null, word text not null)");
    host = Fastify(serverOptions());
    host.get("/", async () => ({ host: true }));
    await host.register(dashbase, { app: mountedApp(), db, settings, prefix: "/dash" });
    await host.listen({ port: 0, host: "127.0.0.1" });
    const address = host.server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
    browser = await launchBrowser();
    page = await browser.newPage();
    console = watchConsole(page);
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await db?.close();
  });

  it("serves its pages under the prefix, with links, the Location and the back button speaking app paths", async () => {
    await page.goto(`${url}/dash/`);
    await page.locator("#path", { hasText: "at /" }).waitFor();
    assert.equal(await page.locator("#to-words").getAttribute("href"), "/dash/words", "links point under the mount point");
    await page.locator("#to-words").click();
    await page.locator("h1", { hasText: "Words" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/dash/words");
    await page.goBack();
    await page.locator("#path", { hasText: "at /" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/dash/");
  });

  it("runs callbacks and pages a declared table through the mounted endpoints", async () => {
    await db.exec("INSERT INTO mounted_words (owner, word) VALUES ('nobody', 'not yours')");
    await page.goto(`${url}/dash/words`);
    await page.getByRole("textbox", { name: "Word" }).fill("mounted");
    await page.getByRole("button", { name: "Add" }).click();
    await page.locator("#added", { hasText: "added mounted" }).waitFor();
    await page.locator("#mine tbody tr", { hasText: "mounted" }).waitFor();
    assert.equal(await page.locator("#mine tbody tr", { hasText: "not yours" }).count(), 0, "another owner's row stays hidden");
    assert.deepEqual(console.unexpected(), []);
  });
});
