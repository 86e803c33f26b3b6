/**
 * @module
 * A tiny server speaking docs/wire-protocol.md, for testing the browser renderer on its own:
 * pages, layouts, callbacks, persistence and table pages come from the test, every request is
 * recorded, and POSTs without the CSRF token are refused as the real server does.
 * Serves the built client from dist/client (run scripts/build-client.mjs first).
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { importMapOf } from "../../src/server/import-map.js";

/** A callback as the fake server knows it: its dependency spec plus a handler. */
export interface FakeCallback {
  id: string;
  outputs: Array<{ id: unknown; property: string }>;
  inputs: Array<{ id: unknown; property: string }>;
  state?: Array<{ id: unknown; property: string }>;
  preventInitialCall?: boolean;
  /** Returns `{ status, body }`; the default status is 200. */
  handle(request: FakeCallbackRequest): Promise<FakeAnswer> | FakeAnswer;
}

export interface FakeCallbackRequest {
  callbackId: string;
  outputs: unknown[];
  inputs: Array<{ id: unknown; property: string; value: unknown } | Array<{ id: unknown; property: string; value: unknown }>>;
  state: unknown[];
  changedPropIds: string[];
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
}

export interface FakePage {
  title: string;
  layout: unknown;
}

export interface FakeServerOptions {
  pages: Record<string, FakePage>;
  callbacks?: FakeCallback[];
  table?: (id: string, body: unknown) => FakeAnswer;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeServer {
  url: string;
  csrfToken: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const clientDir = path.resolve("dist/client");
const contentTypes: Record<string, string> = { ".js": "text/javascript", ".css": "text/css", ".json": "application/json" };

function readManifest(): Record<string, string> {
  const file = path.join(clientDir, "manifest.json");
  if (!fs.existsSync(file)) throw new Error("dist/client/manifest.json is missing: run node scripts/build-client.mjs first");
  return JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
}

function send(response: http.ServerResponse, status: number, body?: unknown): void {
  if (status === 204 || body === undefined) {
    response.writeHead(status).end();
    return;
  }
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/**
 * Starts the fake server on 127.0.0.1 and a free port.
 *
 * @example
 * const server = await startFakeServer({ pages: { "/": { title: "Home", layout } }, callbacks: [] });
 * await page.goto(server.url);
 */
export async function startFakeServer(options: FakeServerOptions): Promise<FakeServer> {
  const manifest = readManifest();
  const csrfToken = "fake-csrf-token";
  const requests: RecordedRequest[] = [];
  const callbacks = options.callbacks ?? [];
  const dependencies = callbacks.map(({ handle: _handle, state, ...spec }) => ({ ...spec, state: state ?? [] }));
  let requestCounter = 0;

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      const text = Buffer.concat(chunks).toString("utf8");
      const body = text === "" ? undefined : (JSON.parse(text) as unknown);
      requests.push({ method: request.method ?? "GET", url: url.pathname + url.search, headers: request.headers, body });
      void route(url, request, body)
        .then((answer) => answer(response))
        .catch((error: unknown) => send(response, 500, { error: { code: "FAKE", message: String(error), requestId: "fake" } }));
    });
  });

  async function route(url: URL, request: http.IncomingMessage, body: unknown): Promise<(response: http.ServerResponse) => void> {
    const requestId = `req-${++requestCounter}`;
    if (request.method === "POST" && request.headers["x-dashbase-csrf"] !== csrfToken) {
      return (r) => send(r, 403, { error: { code: "DASHBASE_E_CSRF", message: "missing CSRF token", requestId } });
    }
    if (url.pathname.startsWith("/_dashbase/static/")) {
      const file = path.join(clientDir, path.basename(url.pathname));
      if (!fs.existsSync(file)) return (r) => send(r, 404, { error: { code: "NOT_FOUND", message: "no such file", requestId } });
      return (r) => {
        r.writeHead(200, { "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream" });
        fs.createReadStream(file).pipe(r);
      };
    }
    if (url.pathname === "/_dashbase/layout") {
      const target = new URL(url.searchParams.get("path") ?? "/", "http://127.0.0.1");
      const page = options.pages[target.pathname];
      if (page === undefined)
        return (r) =>
          send(r, 404, { title: "Not found", path: target.pathname, layout: { type: "html.H1", props: { children: "Not found" } } });
      return (r) => send(r, 200, { title: page.title, path: target.pathname, layout: page.layout });
    }
    if (url.pathname === "/_dashbase/dependencies") return (r) => send(r, 200, dependencies);
    if (url.pathname === "/_dashbase/callback" && request.method === "POST") {
      const call = body as FakeCallbackRequest;
      const callback = callbacks.find((candidate) => candidate.id === call.callbackId);
      if (callback === undefined) return (r) => send(r, 400, { error: { code: "UNKNOWN", message: "unknown callback", requestId } });
      const answer = await callback.handle(call);
      const status = answer.status ?? 200;
      const replyBody =
        status >= 400 && typeof answer.body === "object" && answer.body !== null && "error" in answer.body
          ? { error: { ...(answer.body as { error: object }).error, requestId } }
          : answer.body;
      return (r) => send(r, status, replyBody);
    }
    if (url.pathname === "/_dashbase/persist" && request.method === "POST") return (r) => send(r, 204);
    if (url.pathname.startsWith("/_dashbase/table/") && request.method === "POST") {
      const id = decodeURIComponent(url.pathname.slice("/_dashbase/table/".length));
      const answer = options.table?.(id, body) ?? { status: 404, body: { error: { code: "NO_TABLE", message: "no table", requestId } } };
      return (r) => send(r, answer.status ?? 200, answer.body);
    }
    const page = options.pages[url.pathname];
    const boot = {
      csrfToken,
      layout: page?.layout ?? { type: "html.H1", props: { children: "Not found" } },
      title: page?.title ?? "Not found",
      path: url.pathname,
      dependencies,
      config: { staticBase: "/_dashbase/static/", manifest },
    };
    const html = [
      '<!doctype html><html lang="en"><head><meta charset="utf-8">',
      '<link rel="icon" href="data:,">',
      `<title>${boot.title}</title>`,
      `<link rel="stylesheet" href="/_dashbase/static/${manifest["main.css"] ?? ""}">`,
      `<script type="importmap">${importMapOf("/_dashbase/static/", manifest).json}</script>`,
      `<script type="module" src="/_dashbase/static/${manifest["main.js"] ?? ""}"></script>`,
      '</head><body><div id="dashbase-root"></div>',
      `<script id="dashbase-boot" type="application/json">${JSON.stringify(boot).replace(/</g, "\\u003c")}</script>`,
      "</body></html>",
    ].join("");
    return (r) => {
      r.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" }).end(html);
    };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    csrfToken,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
