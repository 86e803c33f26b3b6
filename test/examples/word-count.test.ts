/**
 * The word-count example (examples/word-count) over the wire, on both backends: its background
 * callback counts a pasted text or the text of an address served by a small local HTTP server
 * (plain text and HTML), stores both counts as JSON in `results` and reports progress in order;
 * a bad address, a text without words or an unreachable address is answered next to its field
 * (as is a page over 5 MB) with nothing saved; and Cancel during a slow fetch stops the job with nothing saved.
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Database } from "dashbase";
import { openTestApp, type TestAnswer, type TestApp, type TestVisitor } from "dashbase/testing";
import app from "../../examples/word-count/app.js";
import { countWords } from "../../examples/results/word-counts.js";
import { backends, dropServerDatabases } from "../support/backends.js";
import { freePort } from "../support/free-port.js";

const migrationsDir = path.join(import.meta.dirname, "..", "..", "examples", "results", "migrations");

/** A local server: /text.txt (plain text), /page.html (HTML), /slow.txt (headers, then nothing until the client goes). */
async function startTextServer() {
  const slowRequests: http.ServerResponse[] = [];
  const server = http.createServer((request, response) => {
    if (request.url === "/text.txt") {
      response.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("Plain text counts plain words. Plain!");
    } else if (request.url === "/page.html") {
      response
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          "<html><head><title>Page</title><style>p { color: red }</style><script>var hidden = 'script words';</script></head>" +
            "<body><p>Markup&nbsp;hides markup, the tags don&#39;t count.</p></body></html>",
        );
    } else if (request.url === "/big.txt") {
      // Chunked, no content-length: only the bytes read tell its size.
      response.writeHead(200, { "content-type": "text/plain" });
      for (let i = 0; i < 6; i += 1) response.write("word ".repeat(220_000));
      response.end();
    } else if (request.url === "/slow.txt") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("a start of words ");
      slowRequests.push(response);
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    slowRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const outputs = ["url-error", "text-error", "status"].map((id) => ({ id, property: "children" }));

function count(visitor: TestVisitor, input: { url: string; text?: string }, options: { follow?: boolean } = {}) {
  return visitor.callback({
    outputs: [...outputs, { id: "results", property: "data_version" }],
    inputs: [{ id: "count", property: "n_clicks", value: 1 }],
    state: [
      { id: "url", property: "value", value: input.url },
      { id: "text", property: "value", value: input.text ?? "" },
    ],
    timeoutMs: 60_000,
    ...options,
  });
}

function response(answer: TestAnswer): Record<string, Record<string, unknown>> {
  assert.equal(answer.status, 200, answer.text);
  assert.ok(answer.background !== undefined, "the callback ran as a background job");
  return (answer.body as { response: Record<string, Record<string, unknown>> }).response;
}

/** The progress values reported, as [done, total] pairs in the order they came. */
function progressOf(answer: TestAnswer): Array<[number, number]> {
  return (answer.background?.reports ?? [])
    .map((report) => report["progress"])
    .filter((progress) => progress !== undefined)
    .map((progress) => [Number(progress["value"]), Number(progress["max"])]);
}

async function resultsAt(db: Database, url: string) {
  const { rows } = await db.query<{ id: number; result_all: Record<string, number>; result_no_stop_words: Record<string, number> }>(
    "select id, result_all, result_no_stop_words from results where url = $1 order by id",
    [url],
  );
  return rows;
}

async function resultCount(db: Database): Promise<number> {
  const { rows } = await db.query<{ count: number }>("select count(*)::int as count from results");
  return rows[0]!.count;
}

after(dropServerDatabases);

for (const backend of backends) {
  describe(`the word-count example (${backend.name})`, () => {
    let db: Database;
    let test: TestApp;
    let visitor: TestVisitor;
    let texts: Awaited<ReturnType<typeof startTextServer>>;

    before(async () => {
      texts = await startTextServer();
      db = await backend.open();
      test = await openTestApp(app, { db, migrationsDir });
      visitor = await test.visitor("/");
    });
    after(async () => {
      await test?.close();
      await db?.close();
      await texts?.close();
    });

    it("counts a pasted text in a job: both counts stored as JSON, progress reported in increasing order", async () => {
      // About 450 KB: several 64 KiB steps, so several reports.
      const text = "The quick brown fox jumps over the lazy dog. ".repeat(10_000);
      const answer = await count(visitor, { url: "https://example.org/fox", text });
      const values = response(answer);
      assert.equal(values["url-error"]!["children"], "");
      assert.equal(values["text-error"]!["children"], "");
      assert.match(
        String(values["status"]!["children"]),
        /^Result #\d+: 8 different words; most frequent without stop words: brown \(10000\)/,
      );

      const rows = await resultsAt(db, "https://example.org/fox");
      assert.equal(rows.length, 1);
      assert.equal(values["results"]!["data_version"], rows[0]!.id);
      assert.deepEqual(rows[0]!.result_all, countWords(text));
      assert.equal(rows[0]!.result_all["the"], 20_000);
      assert.equal(rows[0]!.result_no_stop_words["the"], undefined);
      assert.equal(rows[0]!.result_no_stop_words["fox"], 10_000);

      const progress = progressOf(answer);
      assert.ok(progress.length >= 4, `several progress reports, found ${JSON.stringify(progress)}`);
      assert.deepEqual(progress[0], [0, text.length]);
      for (let i = 1; i < progress.length; i += 1) {
        assert.ok(progress[i]![0] >= progress[i - 1]![0], `progress went back: ${JSON.stringify(progress)}`);
        assert.equal(progress[i]![1], text.length);
      }
      assert.deepEqual(progress.at(-1), [text.length, text.length]);
    });

    it("counts the text a local address serves, plain text or HTML (scripts, styles and tags dropped)", async () => {
      const plain = response(await count(visitor, { url: `${texts.base}/text.txt` }));
      assert.match(String(plain["status"]!["children"]), /^Result #\d+: 4 different words; most frequent without stop words: plain \(3\)/);
      assert.deepEqual((await resultsAt(db, `${texts.base}/text.txt`))[0]!.result_all, { plain: 3, counts: 1, text: 1, words: 1 });

      const page = response(await count(visitor, { url: `${texts.base}/page.html` }));
      assert.equal(page["url-error"]!["children"], "");
      const [row] = await resultsAt(db, `${texts.base}/page.html`);
      assert.deepEqual(row!.result_all, countWords("Page Markup hides markup, the tags don't count."));
      assert.equal(row!.result_all["script"], undefined);
      assert.equal(row!.result_all["color"], undefined);
    });

    it("refuses a bad address or a text without words, next to the field, and saves nothing", async () => {
      const before = await resultCount(db);
      const badUrl = response(await count(visitor, { url: "ftp://example.org/x", text: "some words" }));
      assert.match(String(badUrl["url-error"]!["children"]), /expected an http\(s\) address, found "ftp:\/\/example\.org\/x"/);
      assert.equal(badUrl["status"]!["children"], "Nothing was saved.");
      const noUrl = response(await count(visitor, { url: "", text: "some words" }));
      assert.match(String(noUrl["url-error"]!["children"]), /expected an http\(s\) address, found ""/);
      const noWords = response(await count(visitor, { url: "https://example.org/empty", text: " 42 … !" }));
      assert.equal(noWords["url-error"]!["children"], "");
      assert.match(String(noWords["text-error"]!["children"]), /expected some words, found none/);
      const notFound = response(await count(visitor, { url: `${texts.base}/missing.txt` }));
      assert.match(String(notFound["url-error"]!["children"]), /answered with status 404/);
      const tooBig = response(await count(visitor, { url: `${texts.base}/big.txt` }));
      assert.match(String(tooBig["url-error"]!["children"]), /the page is larger than 5242880 bytes/);
      assert.equal(await resultCount(db), before);
    });

    it("answers an unreachable address next to the field", async () => {
      const before = await resultCount(db);
      const closed = `http://127.0.0.1:${await freePort()}/text.txt`;
      const answer = response(await count(visitor, { url: closed }));
      assert.match(String(answer["url-error"]!["children"]), /^could not fetch the address/);
      assert.equal(answer["status"]!["children"], "Nothing was saved.");
      assert.equal(await resultCount(db), before);
    });

    it("stops a count on Cancel while its address is still answering, and saves nothing", async () => {
      const before = await resultCount(db);
      const slowUrl = `${texts.base}/slow.txt`;
      const waiting = texts.slowRequests.length;
      const started = await count(visitor, { url: slowUrl }, { follow: false });
      assert.equal(started.status, 202, started.text);
      const jobId = (started.body as { background: { jobId: string } }).background.jobId;
      // Cancel once the job is fetching (a queued job would be cancelled too, but never start).
      for (let tries = 0; texts.slowRequests.length === waiting; tries += 1) {
        assert.ok(tries < 3000, "the job never fetched the slow address");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.deepEqual((await visitor.cancel(jobId)).body, { cancelled: true });
      const ended = await visitor.followJob(jobId, 60_000);
      assert.equal(ended.status, 204, `a cancelled count ends without an answer: ${ended.text}`);
      assert.equal(await resultCount(db), before);
      assert.deepEqual(await resultsAt(db, slowUrl), []);
    });
  });
}
