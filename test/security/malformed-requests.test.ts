/**
 * Requests refused before any route runs (by the router or by Node's HTTP parser), slow
 * requests, and requests with two session cookies: each is answered in the coded error form with
 * a request id and the security headers, and none of them holds the server up for others.
 */
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, it } from "node:test";
import { createApp, html, type RunningApp } from "dashbase";
import { fakeClientDir, testSettings } from "../server/support/app-harness.js";

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `text` on a fresh connection and reads until the server closes it or `timeoutMs` passes. */
function rawRequest(port: number, text: string | Buffer, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let received = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms; got ${JSON.stringify(received.slice(0, 200))}`));
    }, timeoutMs);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      const split = received.indexOf("\r\n\r\n");
      if (split < 0) return;
      const length = /content-length: (\d+)/i.exec(received.slice(0, split))?.[1];
      if (length !== undefined && received.length - split - 4 >= Number(length)) finish();
    });
    socket.on("close", () => finish());
    socket.on("error", () => finish());
    let done = false;
    function finish(): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const split = received.indexOf("\r\n\r\n");
      if (split < 0) return reject(new Error(`the server closed without an answer: ${JSON.stringify(received)}`));
      const [statusLine, ...lines] = received.slice(0, split).split("\r\n");
      const headers = Object.fromEntries(
        lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
      );
      resolve({ status: Number(statusLine!.split(" ")[1]), headers, body: received.slice(split + 4) });
    }
  });
}

function assertCoded(answer: RawAnswer, status: number, code: string, what: string): void {
  assert.equal(answer.status, status, `${what}: status (${answer.body})`);
  const parsed = JSON.parse(answer.body) as { error: { code: string; message: string; requestId: string } };
  assert.equal(parsed.error.code, code, `${what}: code`);
  assert.ok(parsed.error.message.length > 0, `${what}: a message`);
  assert.equal(answer.headers["x-request-id"], parsed.error.requestId, `${what}: the request id in header and body`);
  assert.match(answer.headers["content-security-policy"] ?? "", /default-src 'self'/, `${what}: CSP`);
  assert.equal(answer.headers["x-content-type-options"], "nosniff", `${what}: nosniff`);
  assert.equal(answer.headers["x-frame-options"], "DENY", `${what}: frame options`);
}

describe("malformed and slow requests", () => {
  let running: RunningApp;
  let port: number;

  before(async () => {
    const app = createApp({ title: "Refusals", server: { clientDir: fakeClientDir(), requestTimeoutMs: 1500, headersTimeoutMs: 1000 } });
    app.page("/", { layout: html.P("home") });
    app.api.get("/api/items/:name", ({ request }) => ({ name: request.params.name }));
    app.api.post("/api/items/:name", ({ request }) => ({ name: request.params.name }), { csrf: false });
    running = await app.listen({ settings: testSettings(), port: 0, host: "127.0.0.1" });
    port = Number(new URL(running.url).port);
  });
  after(async () => {
    await running?.close();
  });

  const cases: Array<{ what: string; request: string; status: number; code: string }> = [
    {
      what: "bad percent-encoding in a page path",
      request: "GET /%ff HTTP/1.1\r\nHost: x\r\n\r\n",
      status: 400,
      code: "DASHBASE_E_BAD_REQUEST",
    },
    {
      what: "bad percent-encoding in an endpoint path",
      request: "POST /_dashbase/table/%ff HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
      status: 400,
      code: "DASHBASE_E_BAD_REQUEST",
    },
    {
      what: "a path parameter over 100 characters",
      request: `POST /api/items/${"a".repeat(150)} HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n`,
      status: 414,
      code: "DASHBASE_E_URI_TOO_LONG",
    },
    { what: "an unknown method", request: "BREW / HTTP/1.1\r\nHost: x\r\n\r\n", status: 400, code: "DASHBASE_E_BAD_REQUEST" },
    {
      what: "conflicting lengths",
      request: "POST /_dashbase/persist HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
      status: 400,
      code: "DASHBASE_E_BAD_REQUEST",
    },
    {
      what: "length and chunked together",
      request: "POST /_dashbase/persist HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
      status: 400,
      code: "DASHBASE_E_BAD_REQUEST",
    },
    {
      what: "oversized headers",
      request: `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
      status: 431,
      code: "DASHBASE_E_HEADERS_TOO_LARGE",
    },
    {
      what: "a method the route does not take",
      request: "DELETE /api/items/x HTTP/1.1\r\nHost: x\r\n\r\n",
      status: 404,
      code: "DASHBASE_E_NOT_FOUND",
    },
    { what: "an unknown endpoint", request: "GET /_dashbase/nope HTTP/1.1\r\nHost: x\r\n\r\n", status: 404, code: "DASHBASE_E_NOT_FOUND" },
  ];
  for (const entry of cases) {
    it(`answers ${entry.what} with ${entry.status} ${entry.code}, a request id and the security headers`, async () => {
      assertCoded(await rawRequest(port, entry.request), entry.status, entry.code, entry.what);
    });
  }

  it("closes a request whose body trickles in with 408 DASHBASE_E_REQUEST_TIMEOUT, while serving others meanwhile", async () => {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("POST /_dashbase/persist HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{");
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const trickle = setInterval(() => socket.writable && socket.write(" "), 200);
    try {
      const others = await Promise.all(Array.from({ length: 5 }, () => fetch(`http://127.0.0.1:${port}/`)));
      for (const other of others) assert.equal(other.status, 200, "other visitors are served while one trickles");
      // Bounded: the request timeout (1.5 s) plus Node's checking interval, with room for a loaded machine.
      const limit = setTimeout(() => socket.destroy(new Error("still open")), 15_000);
      await closed;
      clearTimeout(limit);
    } finally {
      clearInterval(trickle);
    }
    assert.match(received, /^HTTP\/1\.1 408/);
    assert.match(received, /DASHBASE_E_REQUEST_TIMEOUT/);
  });

  it("closes a connection whose headers never finish", async () => {
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    socket.write("GET / HTTP/1.1\r\nHost: x\r\n");
    const trickle = setInterval(() => socket.writable && socket.write("X-Slow: 1\r\n"), 200);
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const limit = setTimeout(() => reject(new Error("the connection stayed open")), 15_000);
        socket.once("close", () => {
          clearTimeout(limit);
          resolve();
        });
      });
    } finally {
      clearInterval(trickle);
    }
    assert.match(received, /^HTTP\/1\.1 408/);
  });

  it("refuses a request carrying the session cookie twice, so a planted cookie cannot choose the session", async () => {
    const first = await fetch(`http://127.0.0.1:${port}/`);
    const cookie = first.headers.getSetCookie()[0]!.split(";")[0]!;
    const [name] = cookie.split("=");
    const answer = await rawRequest(port, `GET / HTTP/1.1\r\nHost: x\r\nCookie: ${name}=planted.by-someone-else; ${cookie}\r\n\r\n`);
    assertCoded(answer, 400, "DASHBASE_E_DUPLICATE_SESSION_COOKIE", "two session cookies");
    assert.equal(answer.headers["set-cookie"], undefined, "no session is started for it");
    assert.equal((await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie } })).status, 200, "the real cookie alone still works");
  });
});
