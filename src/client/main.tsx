/**
 * @module
 * The browser entry: reads the boot JSON the server put in the page, renders the layout and
 * fires the initial callbacks. Built by scripts/build-client.mjs into dist/client/main-<hash>.js.
 */
import { render } from "preact";
import { AppRoot } from "./app-root.js";
import type { BootData } from "../protocol/messages.js";
import { Renderer } from "./renderer.js";
import { applyStoredTheme } from "./theme-choice.js";

function readBoot(): BootData {
  const element = document.getElementById("dashbase-boot");
  if (element === null || element.textContent === null) {
    throw new Error('dashbase: the page has no <script id="dashbase-boot" type="application/json">; is it served by a dashbase server?');
  }
  return JSON.parse(element.textContent) as BootData;
}

function mountPoint(): HTMLElement {
  const existing = document.getElementById("dashbase-root");
  if (existing !== null) return existing;
  const created = document.createElement("div");
  created.id = "dashbase-root";
  document.body.appendChild(created);
  return created;
}

/**
 * Without an icon link the browser asks for /favicon.ico, and an app without one would log a
 * 404 in every visitor's console; an empty icon keeps it quiet. A shell or app that links its
 * own icon is left alone.
 */
function quietFavicon(): void {
  if (document.querySelector('link[rel~="icon"]') !== null) return;
  const link = document.createElement("link");
  link.rel = "icon";
  link.href = "data:,";
  document.head.appendChild(link);
}

quietFavicon();
// before the first draw, so a dark choice never flashes light
applyStoredTheme();

function boot(): void {
  const data = readBoot();
  // Development only: a lazy chunk, so production pages download none of it.
  if (data.dev !== undefined) {
    const channel = data.dev;
    void import("./dev-reload.js").then((module) => module.watchDevServer(channel));
  }
  const renderer = new Renderer(data);
  const mount = mountPoint();
  mount.textContent = "";
  render(<AppRoot renderer={renderer} />, mount);
  // Development only: the dev tools, an entry of their own that production pages never name,
  // attach before the first callbacks so that those are recorded too.
  const tools = data.dev?.tools;
  if (tools === undefined) renderer.start();
  else
    void import(tools)
      .then((module: { attachDevTools(renderer: Renderer): void }) => module.attachDevTools(renderer))
      .catch(() => undefined)
      .then(() => renderer.start());
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot, { once: true });
else boot();
