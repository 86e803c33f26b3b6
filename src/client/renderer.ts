/**
 * @module
 * One renderer instance: the layout store, the callback runner, navigation, persistence and
 * notices, wired to the page's server. Components reach it through the renderer context.
 */
import type { BootComponents } from "../protocol/boot-components.js";
import type { ChangedProp, LayoutIndex } from "./callback-graph.js";
import type { PushChannel } from "./push-channel.js";
import { BasePath } from "../protocol/base-path.js";
import { CallbackRunner, type CallbackOutcome } from "./callback-runner.js";
import { ComponentCatalog } from "./component-catalog.js";
import { HttpClient, problemOf } from "./http-client.js";
import { LayoutStore } from "./layout-store.js";
import { NoticeCenter } from "./notice-center.js";
import { persistedPropsOf, persistenceOf, storageKey, type PersistenceTarget } from "./persisted-props.js";
import { PlotlyLoader } from "./plotly-loader.js";
import { cancelPath, layoutUrl, persistPath, tabIdPattern } from "../protocol/endpoints.js";
import { idKey, isComponentId } from "../protocol/ids.js";
import { mapTree, type ComponentNode, type LayoutChild, type Props } from "../protocol/layout-tree.js";
import type { BootData, CallbackPushMessage, CallbackRequest, LayoutAnswer } from "../protocol/messages.js";

const PERSIST_DEBOUNCE_MS = 300;

/** `persistence: "memory"` (as Dash's): kept while this page runs, across client-side navigation; gone on reload. */
const memory = new Map<string, string>();
const memoryStorage = {
  getItem: (key: string) => memory.get(key) ?? null,
  setItem: memory.set.bind(memory),
  removeItem: memory.delete.bind(memory),
} as unknown as Storage;

function browserStorage(kind: "local" | "session" | "memory"): Storage | undefined {
  if (kind === "memory") return memoryStorage;
  try {
    return kind === "local" ? window.localStorage : window.sessionStorage;
  } catch {
    return undefined; // storage can be disabled by the browser's privacy settings
  }
}

const tabIdKey = "dashbase:tab";

/** The tab's id: the one this tab had before a reload, or a new random one. */
function tabIdOf(storage: Storage | undefined): string {
  const kept = storage?.getItem(tabIdKey);
  if (kept !== null && kept !== undefined && tabIdPattern.test(kept)) return kept;
  const made = Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, "0")).join("");
  storage?.setItem(tabIdKey, made);
  return made;
}

/**
 * The browser renderer of one page (and of the pages a client-side navigation leads to).
 *
 * @example
 * const renderer = new Renderer(bootData);
 * render(h(AppRoot, { renderer }), mount);
 * renderer.start();
 */
export class Renderer {
  readonly store = new LayoutStore();
  readonly notices = new NoticeCenter();
  readonly http: HttpClient;
  /** Where the app is mounted: app paths to browser URLs and back. */
  readonly base: BasePath;
  readonly plotly: PlotlyLoader;
  readonly runner: CallbackRunner;
  /** Every component this page can draw: definitions and views. */
  readonly components: ComponentCatalog;
  /** Lazily loaded component chunks, by component type. */
  readonly lazyViews = new Map<string, unknown>();
  readonly #persistTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #persistSenders = new Map<string, (keepalive: boolean) => Promise<void>>();
  /** The last save sent per key: saves of one key go out one after the other, in order. */
  readonly #persistChains = new Map<string, Promise<void>>();
  readonly #locationListeners = new Set<() => void>();
  #navigation = 0;
  #shownPath = "";
  /**
   * This tab's id for the push channel: random, kept in sessionStorage, so a reload is the same
   * tab (a background callback's answer reaches the page that replaced the one that asked).
   */
  readonly tabId = tabIdOf(browserStorage("session"));
  #push: Promise<PushChannel> | undefined;
  /** The clientside runner (a lazy chunk), loaded when the page first runs a clientside callback. */
  #clientside: Promise<(request: CallbackRequest) => Promise<CallbackOutcome>> | undefined;
  /** The page as the callback logic sees it: the layout, plus the topic inputs once the push channel adds them. */
  index: LayoutIndex = this.store;

  constructor(readonly boot: BootData & BootComponents) {
    this.base = new BasePath(boot.config.basePath ?? "");
    this.components = new ComponentCatalog(boot.components);
    this.http = new HttpClient(boot.csrfToken, this.base, this.tabId);
    this.plotly = new PlotlyLoader(boot.config.staticBase, boot.config.manifest);
    const clientside = new Set(boot.dependencies.filter((spec) => spec.clientside).map((spec) => spec.id));
    // Clientside callbacks answer in the page; the runner orders them with the server's as one graph.
    const transport = (request: CallbackRequest): Promise<CallbackOutcome> =>
      clientside.has(request.callbackId)
        ? (this.#clientside ??= import("./clientside-call.js").then((module) =>
            module.clientsideCaller(this, (key, property) => this.#persistTarget(key, property), idKey),
          )).then((call) => call(request))
        : this.http.callback(this.#withPersist(request));
    this.runner = new CallbackRunner(boot.dependencies, transport, {
      index: () => this.index,
      applyResponse: (response) => this.#applyResponse(response),
      setLoading: (outputs) => this.store.setLoading(outputs),
      reportError: (error) => this.notices.show(error),
      cancelJob: (jobId) => void this.#sendCancel(jobId),
    });
  }

  /** Shows the boot layout and fires its initial callbacks. */
  start(): void {
    this.store.replace(this.#prepare(this.boot.layout));
    this.#shownPath = this.currentPath();
    window.addEventListener("popstate", () => {
      const path = this.currentPath();
      // going back over a hash change stays on the same page: no new layout
      if (path === this.#shownPath) this.#locationChanged();
      else void this.#load(path);
    });
    window.addEventListener("pagehide", () => void this.#flushPersist(true));
    this.runner.fireInitial();
    // Background callbacks report over the channel: progress, then their answer.
    void this.pushChannel()?.then((channel) =>
      channel.onMessage("callback", (message) => {
        if (typeof message["jobId"] === "string" && typeof message["phase"] === "string")
          this.runner.backgroundMessage(message as unknown as CallbackPushMessage);
      }),
    );
  }

  /**
   * The tab's push channel (a lazy chunk), opened on first use; undefined when the server offers
   * none: the page then works by request and answer only.
   */
  pushChannel(): Promise<PushChannel> | undefined {
    const boot = this.boot.push;
    if (boot !== undefined) this.#push ??= import("./push-channel.js").then((module) => module.openPushChannel(this, boot));
    return this.#push;
  }

  /** A change a user made: updates the props, fires callbacks, persists what persists. */
  userSetProps(key: string, patch: Props): void {
    const node = this.store.node(key);
    if (node === undefined) return;
    const { changed } = this.store.setProps(key, patch);
    this.#persist(node, key, patch);
    this.runner.propsChanged(changed);
  }

  /** Fires callbacks for props set from outside a user action (e.g. a Store restoring data). */
  propsChanged(changed: readonly ChangedProp[]): void {
    this.runner.propsChanged(changed);
  }

  /**
   * Saves one value through `POST /_dashbase/persist`: at once, or after a pause in typing when
   * `debounce` is set. Pending saves are sent before a navigation and when the page is closed.
   */
  persistToServer(id: unknown, property: string, value: unknown, options: { debounce?: boolean } = {}): void {
    if (!isComponentId(id)) return;
    const key = `${idKey(id)}.${property}`;
    this.#cancelPendingPersist(key);
    const body = { id, property, value: value ?? null };
    const send = (keepalive: boolean): Promise<void> => {
      this.#cancelPendingPersist(key);
      // a page being closed cannot wait for an earlier save: a keepalive request goes out now
      if (keepalive) return this.#sendPersist(body, true);
      const previous = this.#persistChains.get(key) ?? Promise.resolve();
      const sent = previous.then(() => this.#sendPersist(body, false));
      this.#persistChains.set(key, sent);
      void sent.then(() => {
        if (this.#persistChains.get(key) === sent) this.#persistChains.delete(key);
      });
      return sent;
    };
    if (options.debounce !== true) {
      void send(false);
      return;
    }
    this.#persistTimers.set(
      key,
      setTimeout(() => void send(false), PERSIST_DEBOUNCE_MS),
    );
    this.#persistSenders.set(key, send);
  }

  #cancelPendingPersist(key: string): void {
    clearTimeout(this.#persistTimers.get(key));
    this.#persistTimers.delete(key);
    this.#persistSenders.delete(key);
  }

  /** The app path the browser shows now (without the mount point). */
  currentPath(): string {
    return this.base.toApp(window.location.pathname + window.location.search);
  }

  /** Navigates without a full page load; other origins (or `refresh`) get a real page load. */
  navigate(href: string, options: { replace?: boolean; refresh?: boolean } = {}): void {
    const url = new URL(this.base.toBrowser(href), window.location.href);
    if (url.origin !== window.location.origin || options.refresh === true) {
      window.location.assign(url.href);
      return;
    }
    const samePage = url.pathname === window.location.pathname && url.search === window.location.search;
    if (options.replace === true) window.history.replaceState(null, "", url.href);
    else window.history.pushState(null, "", url.href);
    if (samePage) {
      this.#locationChanged();
      return;
    }
    void this.#load(this.base.toApp(url.pathname + url.search));
  }

  async #load(path: string, redirects = 0): Promise<void> {
    const navigation = ++this.#navigation;
    // The page on its way counts as shown: Back then Forward before it arrives loads again.
    this.#shownPath = path;
    try {
      // the next page may show what the user just chose: its saves reach the server first
      await this.#flushPersist(false);
      const answer = await this.http.get(layoutUrl(path));
      if (navigation !== this.#navigation) return;
      const page = answer.body as LayoutAnswer | undefined;
      if ((answer.status !== 200 && answer.status !== 403 && answer.status !== 404) || page === undefined || !("layout" in page)) {
        this.notices.show(problemOf(answer));
        return;
      }
      // Only paths of the app, and a bounded chain: a loop of redirects ends in a notice.
      if (typeof page.redirect === "string" && page.redirect.startsWith("/") && !page.redirect.startsWith("//")) {
        if (redirects >= 5) {
          this.notices.show({ message: "The page redirects too many times." });
          return;
        }
        // dashbase's own pages (the sign-in page a protected page sends to) are not the app's: load them in full.
        if (page.redirect.startsWith("/_dashbase/")) return window.location.assign(this.base.toBrowser(page.redirect));
        window.history.replaceState(null, "", this.base.toBrowser(page.redirect));
        await this.#load(page.redirect, redirects + 1);
        return;
      }
      this.runner.reset();
      this.store.replace(this.#prepare(page.layout));
      if (typeof page.title === "string") {
        document.title = page.title;
        // a small chunk of its own: the first page's bytes stay for drawing it
        const title = page.title;
        void import("./page-meta.js").then((module) => module.applyPageMeta(document, title, page.meta));
      }
      window.scrollTo(0, 0);
      this.runner.fireInitial();
    } catch (error) {
      if (navigation === this.#navigation) {
        this.notices.show({ message: `The page could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }

  /**
   * Calls `listener` when the browser's location changes without a new page (a hash change, going
   * back to it); returns the function that stops it. (`dcc.Location` follows the location so.)
   */
  onLocationChange(listener: () => void): () => void {
    this.#locationListeners.add(listener);
    return () => this.#locationListeners.delete(listener);
  }

  #locationChanged(): void {
    for (const listener of [...this.#locationListeners]) listener();
  }

  /**
   * Fills in what the server cannot know: what a component's view module prepares (e.g. the
   * browser's location) and browser-persisted values.
   */
  #prepare(layout: LayoutChild): LayoutChild {
    return mapTree(layout, (original) => {
      const node = this.components.prepare(original, this.base);
      const target = this.#persistenceOf(node);
      if (target !== null && target !== "server" && isComponentId(node.props.id)) {
        return this.#restoreFromStorage(node, target, idKey(node.props.id));
      }
      return node;
    });
  }

  #persistenceOf(node: ComponentNode): PersistenceTarget {
    return persistenceOf(node, this.components.definition(node.type));
  }

  #persistedProps(node: ComponentNode): readonly string[] {
    return persistedPropsOf(node, this.components.definition(node.type));
  }

  #restoreFromStorage(node: ComponentNode, target: "local" | "session" | "memory", key: string): ComponentNode {
    const storage = browserStorage(target);
    if (storage === undefined) return node;
    const restored: Record<string, unknown> = {};
    for (const property of this.#persistedProps(node)) {
      const saved = storage.getItem(storageKey(key, property));
      if (saved === null) continue;
      try {
        restored[property] = JSON.parse(saved) as unknown;
      } catch {
        storage.removeItem(storageKey(key, property));
      }
    }
    return Object.keys(restored).length === 0 ? node : { type: node.type, props: { ...node.props, ...restored } };
  }

  #persist(node: ComponentNode, key: string, patch: Props): void {
    const target = this.#persistenceOf(node);
    if (target === null) return;
    // typing sends a value per keystroke: those saves wait for a pause; a choice is saved at once
    const debounce = this.components.definition(node.type)?.persistence?.debounce === true;
    for (const property of this.#persistedProps(node)) {
      if (!(property in patch)) continue;
      const value = patch[property];
      if (target === "server") {
        this.persistToServer(node.props.id, property, value, { debounce });
      } else {
        browserStorage(target)?.setItem(storageKey(key, property), JSON.stringify(value ?? null));
      }
    }
  }

  /** Whether `property` of the component under `key` persists, and where. */
  #persistTarget(key: string, property: string): PersistenceTarget {
    const node = this.store.node(key);
    if (node === undefined || !this.#persistedProps(node).includes(property)) return null;
    return this.#persistenceOf(node);
  }

  /** Lists the outputs that are server-persisted props, so the server saves what the callback sets. */
  #withPersist(request: CallbackRequest): CallbackRequest {
    const persist: string[] = [];
    for (const output of request.outputs.flat()) {
      const key = idKey(output.id);
      if (this.#persistTarget(key, output.property) === "server") persist.push(`${key}.${output.property}`);
    }
    return persist.length === 0 ? request : { ...request, persist };
  }

  /**
   * Applies a callback's answer. A persisted prop keeps the callback's value as it would a
   * user's: the server saved it already (see #withPersist), so a user's edit still waiting to be
   * sent is dropped rather than sent after it; browser-persisted props are written here.
   */
  #applyResponse(response: Readonly<Record<string, Props>>): ReturnType<LayoutStore["setMany"]> {
    for (const [key, patch] of Object.entries(response)) {
      for (const [property, value] of Object.entries(patch)) {
        const target = this.#persistTarget(key, property);
        if (target === null) continue;
        if (target === "server") this.#cancelPendingPersist(`${key}.${property}`);
        else {
          browserStorage(target)?.setItem(storageKey(key, property), JSON.stringify(value ?? null));
        }
      }
    }
    return this.store.setMany(response);
  }

  #sendCancel(jobId: string): Promise<void> {
    return this.http
      .post(cancelPath, { jobId })
      .then((answer) => {
        if (answer.status >= 400) this.notices.show(problemOf(answer));
      })
      .catch(() => {
        // the network dropped: the job ends by itself, and its answer is ignored
      });
  }

  #sendPersist(body: { id: unknown; property: string; value: unknown }, keepalive: boolean): Promise<void> {
    return this.http
      .post(persistPath, body, { keepalive })
      .then((answer) => {
        if (answer.status >= 400) this.notices.show(problemOf(answer));
      })
      .catch(() => {
        // the page is going away or the network dropped: the value stays in the page only
      });
  }

  /** Sends the saves still waiting for a pause in typing, and waits for every save in flight. */
  async #flushPersist(keepalive: boolean): Promise<void> {
    const waiting = [...this.#persistSenders.entries()];
    for (const [key] of waiting) this.#cancelPendingPersist(key);
    const sends = waiting.map(([, send]) => send(keepalive));
    await Promise.all([...sends, ...this.#persistChains.values()]);
  }
}
