/**
 * XSS payloads typed by a user are inert in every component that shows text, checked in
 * Chromium against a real app. Each payload, typed into an input, flows through a callback into
 * html elements, links and images, Markdown, a DataTable, Dropdown / Checklist / RadioItems /
 * Tabs / Slider labels, a Plotly figure, a Textarea, an element attribute and a failed
 * callback's notice; it is saved to the database and shown by a query-bound DataTable and a
 * list; it is persisted on the server and replayed into the page's boot data on reload; it
 * becomes a page's title through its URL. Every payload tries to set `window.__xss` or open a
 * dialog. The app runs with a policy that ALLOWS inline scripts, so what is proven is the
 * renderer's own escaping; the default policy would block them a second time.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { desc, eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { loadSettings } from "dashbase/config";
import { createDatabase } from "dashbase/db";
import type { Database } from "dashbase";
import { createApp, DataTable, dcc, html, Input, Output, PreventUpdate, State, type RunningApp } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser } from "../support/browser.js";
import { notes, notesDdl } from "../support/notes-app.js";
import { pgliteTemplate } from "../support/template.js";

const skip = browserSkipReason();

const payloads = [
  `<img src=x onerror="window.__xss=1">`,
  `<script>window.__xss=2</script>`,
  `javascript:window.__xss=3`,
  ` JaVaScRiPt:window.__xss=4`,
  `[click](javascript:window.__xss=5) <img src=x onerror=window.__xss=6> <a href="javascript:window.__xss=7">raw</a> <iframe src="javascript:window.__xss=8"></iframe> ![i](javascript:window.__xss=9)`,
  `" onmouseover="window.__xss=10" autofocus onfocus="window.__xss=10" x="`,
  `</script><script>window.__xss=11</script><!--`,
  `data:text/html,<script>window.__xss=12</script>`,
  `<svg onload=window.__xss=13><a href="javascript:window.__xss=14">plotly link</a>`,
  `<img src=x onerror=alert(15)>`,
  `<b onclick=window.__xss=16 style="position:fixed;inset:0">bold</b><style>*{display:none}</style>`,
  `\u2028<details open ontoggle=window.__xss=17>`,
];

/** A policy that lets inline scripts run, so only the renderer stands between a payload and the page. */
const permissivePolicy =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'";

function xssApp(settings: ReturnType<typeof loadSettings>, db: Database) {
  const app = createApp({
    title: "XSS",
    models: { notes },
    settings,
    db: { handle: db },
    server: { clientDir: path.resolve("dist/client"), logger: false, handleSignals: false, contentSecurityPolicy: permissivePolicy },
  });
  app.page("/", {
    title: "Type here",
    layout: html.Div([
      dcc.Input({ id: "payload", value: "", persistence: "server", "aria-label": "Payload" }),
      html.Button("Save", { id: "save" }),
      html.Button("Fail", { id: "fail" }),
      html.Div({ id: "as-text" }),
      html.Div("hover me", { id: "as-attribute" }),
      html.Div({ id: "links" }),
      dcc.Markdown({ id: "md", children: "" }),
      DataTable({ id: "table", columns: [{ id: "text", name: "Text" }], data: [] }),
      html.Div({ id: "choices" }),
      dcc.Graph({ id: "chart" }),
      dcc.Textarea({ id: "area", value: "" }),
      html.Div({ id: "saved" }),
      html.Div({ id: "failed" }),
      html.Ul({ id: "mine" }),
    ]),
  });
  app.page("/notes", {
    title: "Saved",
    layout: html.Div([
      DataTable({
        table: app.table("all-notes", { from: notes, columns: ["body"], pageSize: 50, where: (ctx) => eq(notes.owner, ctx.session.owner) }),
      }),
    ]),
  });
  app.page("/echo/:text", { title: ({ params }) => params.text, layout: ({ params }) => html.H1(params.text, { id: "echo" }) });

  app.callback(
    [
      Output("as-text", "children"),
      Output("as-attribute", "title"),
      Output("links", "children"),
      Output("md", "children"),
      Output("table", "data"),
      Output("choices", "children"),
      Output("chart", "figure"),
      Output("area", "value"),
    ],
    [Input<string>("payload", "value")],
    ([text]) => {
      const value = text ?? "";
      return [
        value,
        value,
        [
          html.A(value, { id: "link-a", href: value, title: value }),
          dcc.Link(value, { id: "link-dcc", href: value }),
          html.Img({ id: "img", src: value, alt: value }),
        ],
        value,
        [{ text: value }],
        [
          dcc.Dropdown({ id: "dd", options: [{ label: value, value: "a" }], value: "a" }),
          dcc.Checklist({ id: "cl", options: [{ label: value, value: "a" }], value: ["a"] }),
          dcc.RadioItems({ id: "ri", options: [{ label: value, value: "a" }], value: "a" }),
          dcc.Tabs({ id: "tabs", children: [dcc.Tab({ label: value, value: "a", children: [html.P(value)] })] }),
          dcc.Slider({ id: "slider", min: 0, max: 1, marks: { "0": value, "1": "one" } }),
        ],
        {
          data: [{ type: "bar", x: [value || "empty"], y: [1], name: value, text: [value] }],
          layout: { title: { text: value }, xaxis: { title: { text: value } }, height: 260 },
        },
        value,
      ];
    },
  );
  app.callback(
    [Output("saved", "children")],
    [Input<number>("save", "n_clicks")],
    [State<string>("payload", "value")],
    async ([clicks], [text], { db, session }) => {
      if (!clicks) throw new PreventUpdate();
      await db.insert(notes).values({ owner: session.owner, body: text ?? "", seq: clicks });
      return [`saved ${clicks}`];
    },
    { preventInitialCall: true },
  );
  app.callback([Output("mine", "children")], [Input<string>("saved", "children")], async (_values, { db, session }) => {
    const rows = await db.select().from(notes).where(eq(notes.owner, session.owner)).orderBy(desc(notes.id));
    return [rows.map((row) => html.Li(row.body))];
  });
  app.callback(
    [Output("failed", "children")],
    [Input<number>("fail", "n_clicks")],
    [State<string>("payload", "value")],
    ([clicks], [text]) => {
      if (!clicks) throw new PreventUpdate();
      throw new Error(`refused: ${text ?? ""}`);
    },
    { preventInitialCall: true },
  );
  return app;
}

/** Everything in the live DOM that could run script: event-handler attributes, script URLs where a URL loads or navigates, new scripts, frames. */
function scriptCapableNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll("*"))) {
      const tag = element.tagName.toLowerCase();
      if (["iframe", "object", "embed", "frame"].includes(tag)) found.push(`<${tag}>`);
      // The shell's own import map (in <head>, allowed by its hash in the CSP) is the one inline script the page has.
      const ownImportMap = (element as HTMLScriptElement).type === "importmap" && element.parentElement === document.head;
      if (
        tag === "script" &&
        !ownImportMap &&
        (element as HTMLScriptElement).type !== "application/json" &&
        !(element as HTMLScriptElement).src.startsWith(location.origin)
      )
        found.push(`<script>${element.textContent ?? ""}`);
      for (const attribute of Array.from(element.attributes)) {
        // Browsers skip control characters and spaces when they read a URL's scheme; so do we.
        const value = Array.from(attribute.value)
          .filter((char) => char.charCodeAt(0) > 0x20)
          .join("")
          .toLowerCase();
        if (attribute.name.toLowerCase().startsWith("on")) found.push(`<${tag} ${attribute.name}=${attribute.value}>`);
        // Text attributes (title, alt, data-*) may hold anything; only attributes that load or navigate matter.
        const loads = [
          "href",
          "xlink:href",
          "src",
          "srcset",
          "action",
          "formaction",
          "srcdoc",
          "data",
          "poster",
          "background",
          "ping",
        ].includes(attribute.name.toLowerCase());
        if (loads && /^(javascript|vbscript|data:text\/html)/.test(value)) found.push(`<${tag} ${attribute.name}=${attribute.value}>`);
      }
    }
    return found;
  });
}

describe("XSS payloads typed by users are inert everywhere they are shown", { skip }, () => {
  let db: Database;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  const assertInert = async (where: string) => {
    assert.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, `${where}: a payload ran`);
    assert.deepEqual(dialogs, [], `${where}: a dialog opened`);
    assert.deepEqual(await scriptCapableNodes(page), [], `${where}: script-capable markup reached the DOM`);
  };

  before(async () => {
    await ensureClientBuilt();
    const settings = loadSettings({
      env: { DASHBASE_ENV: "test", SESSION_SECRET: "s".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
    });
    db = await createDatabase({ settings: settings.database, template: await pgliteTemplate() });
    await db.exec(notesDdl);
    running = await xssApp(settings, db).listen({ port: 0, host: "127.0.0.1", settings });
    browser = await launchBrowser();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  after(async () => {
    await browser?.close();
    await running?.close();
    await db?.close();
  });

  it("shows each typed payload as text in elements, links, Markdown, tables, choice labels, tabs, slider marks, a graph and a notice", async () => {
    await page.goto(running.url);
    const input = page.getByLabel("Payload");
    for (const [index, payload] of payloads.entries()) {
      await input.fill(payload);
      await page.waitForFunction((expected) => document.querySelector("#as-text")?.textContent === expected, payload);
      await page.locator("#chart .main-svg").first().waitFor();
      assert.equal(await page.getAttribute("#as-attribute", "title"), payload, "an attribute carries the payload as a value");
      await page.waitForFunction(
        (expected) => (document.querySelector("#area") as HTMLTextAreaElement | null)?.value === expected,
        payload,
      );
      assert.ok(((await page.textContent("#cl")) ?? "").includes(payload.trim()), "the checklist label shows the text");
      assert.ok(((await page.textContent("#tabs")) ?? "").includes(payload.trim()), "the tab label shows the text");
      await page.hover("#as-attribute");
      await page.click("#fail");
      await page.locator(".dashbase-notice", { hasText: "refused:" }).last().waitFor();
      await page.click("#save");
      await page.waitForFunction((n) => document.querySelector("#saved")?.textContent === `saved ${n}`, index + 1);
      await assertInert(`payload ${index + 1}`);
    }
    assert.ok(
      ((await page.textContent("#mine")) ?? "").includes("<script>window.__xss=2</script>"),
      "the saved list shows the payload as text",
    );
  });

  it("keeps the payloads inert from the database, the boot data of a reload and a page title", async () => {
    await page.goto(new URL("/notes", running.url).toString());
    await page.locator("#all-notes").getByText("plotly link").first().waitFor();
    await assertInert("the query-bound table");
    // The last payload is persisted: the reload carries it in the page's boot JSON.
    for (const payload of payloads.slice(6, 7).concat(payloads.slice(0, 1))) {
      await page.goto(running.url);
      await page.getByLabel("Payload").fill(payload);
      await page.waitForFunction((expected) => document.querySelector("#as-text")?.textContent === expected, payload);
      await page.waitForTimeout(300);
      await page.reload();
      await page.waitForFunction(
        (expected) => (document.querySelector("#payload") as HTMLInputElement | null)?.value === expected,
        payload,
      );
      await assertInert("a reload with the payload persisted in the boot data");
    }
    for (const payload of [payloads[0]!, payloads[1]!, "</title><script>window.__xss=99</script>"]) {
      await page.goto(new URL(`/echo/${encodeURIComponent(payload)}`, running.url).toString());
      await page.locator("#echo").waitFor();
      assert.equal(await page.title(), payload, "the title is the text");
      assert.equal(await page.textContent("#echo"), payload);
      await assertInert("a page whose title and heading come from its URL");
    }
  });

  it("control: under this test's policy, markup injected as HTML would run (so the checks above can fail)", async () => {
    await page.goto(running.url);
    await page.evaluate((markup) => document.body.insertAdjacentHTML("beforeend", markup), payloads[0]!);
    await page.waitForFunction(() => (window as unknown as { __xss?: unknown }).__xss === 1);
    assert.ok((await scriptCapableNodes(page)).some((found) => found.includes("onerror")));
  });
});
