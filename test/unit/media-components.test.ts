/**
 * dcc.Iframe, dcc.Video and dcc.Audio without a browser: their factories and definitions, and the
 * URL and sandbox rules their view applies (the drawing is in test/browser/media-components.test.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dcc } from "dashbase";
import { builtInCatalog } from "../../src/components/component-catalog.js";
import { mediaUrl, sandboxOf } from "../../src/client/media-url.js";

describe("media components", () => {
  it("registers each in the dcc namespace and the built-in catalog, with a lazily loaded view", () => {
    for (const name of ["Iframe", "Video", "Audio"]) {
      assert.equal(builtInCatalog.definitionOf(`dcc.${name}`)?.view, "lazy", name);
      assert.equal(typeof (dcc as Record<string, unknown>)[name], "function", name);
    }
    assert.deepEqual(dcc.Video({ id: "intro", src: "/assets/intro.mp4" }), {
      type: "dcc.Video",
      props: { id: "intro", src: "/assets/intro.mp4" },
    });
  });

  it("loads http(s) URLs and paths of the app", () => {
    for (const url of [
      "https://example.org/a.mp4",
      "http://example.org/page",
      "/assets/a.mp3",
      "clip.webm",
      "//cdn.example.org/x",
      "?v=1",
    ]) {
      assert.equal(mediaUrl(url, "video"), url, url);
      assert.equal(mediaUrl(url, "frame"), url, url);
    }
  });

  it("refuses script-bearing and other schemes, however disguised", () => {
    for (const url of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "java\tscript:alert(1)",
      "\u0000javascript:alert(1)",
      "vbscript:msgbox(1)",
      "blob:https://example.org/1",
      "file:///etc/passwd",
      "mailto:a@example.org",
      "data:text/html,<script>alert(1)</script>",
      "",
      "   ",
    ]) {
      for (const kind of ["frame", "video", "audio", "image"] as const) assert.equal(mediaUrl(url, kind), undefined, `${kind}: ${url}`);
    }
    assert.equal(mediaUrl(42, "video"), undefined);
  });

  it("takes data: URLs only when allowed, and only of the component's own kind", () => {
    assert.equal(mediaUrl("data:video/mp4;base64,AAAA", "video", true), "data:video/mp4;base64,AAAA");
    assert.equal(mediaUrl("data:video/mp4;base64,AAAA", "video"), undefined, "not allowed");
    assert.equal(mediaUrl("data:audio/mpeg;base64,AAAA", "video", true), undefined, "audio in a video");
    assert.equal(mediaUrl("data:audio/ogg;base64,AAAA", "audio", true), "data:audio/ogg;base64,AAAA");
    assert.equal(mediaUrl("data:text/html,<p>hi</p>", "frame", true), "data:text/html,<p>hi</p>");
    assert.equal(mediaUrl("data:image/svg+xml,<svg onload=alert(1)>", "image", true), undefined, "svg can carry script");
    assert.equal(mediaUrl("data:image/png;base64,AAAA", "image", true), "data:image/png;base64,AAAA");
  });

  it("sandboxes an Iframe by default and lets a list of known permissions through", () => {
    assert.equal(sandboxOf(undefined, false), "");
    assert.equal(sandboxOf(true, false), "");
    assert.equal(sandboxOf(false, false), undefined, "an explicit opt-out");
    assert.equal(sandboxOf(["allow-forms", "allow-top-navigation", "allow-forms", 3], false), "allow-forms", "unknown tokens dropped");
    assert.equal(sandboxOf(["allow-scripts", "allow-same-origin"], false), "allow-scripts allow-same-origin", "another origin");
    assert.equal(sandboxOf(["allow-scripts", "allow-same-origin"], true), "allow-scripts", "never both for this origin");
  });
});
