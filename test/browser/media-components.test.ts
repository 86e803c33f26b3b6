/**
 * dcc.Iframe, dcc.Video and dcc.Audio in Chromium: safe addresses are drawn with a sandboxed,
 * titled frame and players with their attributes; unsafe ones never reach the DOM (a note shows
 * instead); a player's `ended` event reaches a callback as `n_ended`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { dcc, html } from "dashbase";
import { browserSkipReason, ensureClientBuilt, launchBrowser, watchConsole } from "../support/browser.js";
import { startFakeServer, type FakeServer } from "../support/fake-protocol-server.js";

const skip = browserSkipReason();

describe("media components in the browser", { skip }, () => {
  let server: FakeServer;
  let browser: Browser;
  let page: Page;
  let consoleWatch: ReturnType<typeof watchConsole>;

  before(async () => {
    await ensureClientBuilt();
    const layout = html.Div([
      dcc.Iframe({
        id: "report",
        src: "/report",
        title: "Quarterly report",
        sandbox: ["allow-scripts", "allow-same-origin", "allow-top-navigation" as "allow-forms"],
      }),
      dcc.Iframe({ id: "open-frame", src: "https://example.invalid/", title: "Open", sandbox: false, referrerpolicy: "origin" }),
      dcc.Iframe({ id: "bad-frame", src: "javascript:alert(document.cookie)", title: "Bad" }),
      dcc.Iframe({ id: "data-frame", src: "data:text/html,<p>hi</p>", title: "Data, not allowed" }),
      dcc.Video({ id: "intro", src: "/intro.mp4", poster: "javascript:alert(1)", loop: true, autoplay: true, "aria-label": "Intro" }),
      dcc.Video({ id: "bad-video", src: " JAVASCRIPT:alert(1)" }),
      dcc.Audio({ id: "briefing", src: "https://example.invalid/briefing.mp3", controls: false }),
      html.P({ id: "ended" }),
    ]);
    server = await startFakeServer({
      pages: { "/": { title: "Media", layout } },
      callbacks: [
        {
          id: "ended",
          outputs: [{ id: "ended", property: "children" }],
          inputs: [{ id: "intro", property: "n_ended" }],
          preventInitialCall: true,
          handle: (call) => {
            const input = call.inputs[0];
            return { body: { response: { ended: { children: `ended ${String(Array.isArray(input) ? "" : input?.value)}` } } } };
          },
        },
      ],
    });
    browser = await launchBrowser();
    page = await browser.newPage();
    consoleWatch = watchConsole(page);
    await page.goto(server.url);
    await page.locator("#report").waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("draws a sandboxed, titled frame for a safe address, without allow-same-origin beside allow-scripts for this origin", async () => {
    const frame = page.locator("iframe#report");
    assert.equal(await frame.getAttribute("src"), "/report");
    assert.equal(await frame.getAttribute("title"), "Quarterly report");
    assert.equal(await frame.getAttribute("sandbox"), "allow-scripts");
    assert.equal(await frame.getAttribute("referrerpolicy"), "no-referrer");
    assert.equal(await frame.getAttribute("loading"), "lazy");
    const open = page.locator("iframe#open-frame");
    assert.equal(await open.getAttribute("sandbox"), null, "sandbox: false opts out");
    assert.equal(await open.getAttribute("referrerpolicy"), "origin");
  });

  it("refuses unsafe addresses: no element with them, a note instead", async () => {
    for (const id of ["bad-frame", "data-frame", "bad-video"]) {
      const refused = page.locator(`#${id}`);
      assert.equal(await refused.getAttribute("role"), "note", id);
      assert.match((await refused.textContent()) ?? "", /not shown/);
    }
    const drawn = await page.locator("#dashbase-root").innerHTML();
    assert.doesNotMatch(drawn, /javascript:/i);
    assert.doesNotMatch(drawn, /data:text\/html/);
  });

  it("draws players with their attributes, muting an autoplaying video, dropping an unsafe poster", async () => {
    const video = page.locator("video#intro");
    assert.equal(await video.getAttribute("src"), "/intro.mp4");
    assert.equal(await video.getAttribute("aria-label"), "Intro");
    assert.equal(await video.getAttribute("poster"), null);
    const state = await video.evaluate((element: HTMLVideoElement) => ({
      controls: element.controls,
      muted: element.muted,
      loop: element.loop,
      autoplay: element.autoplay,
    }));
    assert.deepEqual(state, { controls: true, muted: true, loop: true, autoplay: true });
    const audio = page.locator("audio#briefing");
    assert.equal(await audio.getAttribute("src"), "https://example.invalid/briefing.mp3");
    assert.equal(await audio.evaluate((element: HTMLAudioElement) => element.controls), false);
  });

  it("reports the end of playback as n_ended to a callback", async () => {
    await page.locator("video#intro").evaluate((element) => element.dispatchEvent(new Event("ended")));
    await page.locator("#ended", { hasText: "ended 1" }).waitFor();
    await page.locator("video#intro").evaluate((element) => element.dispatchEvent(new Event("ended")));
    await page.locator("#ended", { hasText: "ended 2" }).waitFor();
    // What the frames and players fail to load here (no media files, no network) is no concern; the
    // sandboxed frame of this origin runs with origin "null", so its page's module script is refused, as it should be.
    assert.deepEqual(
      consoleWatch.unexpected(
        /Failed to load resource|from origin 'null'|intro\.mp4|briefing\.mp3|example\.invalid|Content Security Policy/,
      ),
      [],
    );
  });
});
