/**
 * Fuzz of every POST endpoint a browser or a script can reach (callback, persist, table, API
 * routes) through Fastify's inject(), with at least 10,000 generated bodies on the embedded
 * database: never a 5xx, every refusal a 4xx in the coded form, the app still serving a normal
 * callback afterwards, and no prototype polluted. FUZZ_SEED and FUZZ_CASES reproduce or widen a
 * run; a failure names the seed and case index.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LightMyRequestResponse } from "fastify";
import type { AppServer } from "dashbase";
import type { Database } from "dashbase";
import { errorCodes } from "dashbase";
import { backends, dropServerDatabases } from "../support/backends.js";
import { ensureClientBuilt } from "../support/browser.js";
import { robustNotesApp } from "../support/fuzz-app.js";
import { BodyFuzzer, type FuzzCase, type FuzzTarget } from "../support/fuzz-bodies.js";
import { prepareNotes } from "../support/notes-app.js";
import { testSettings } from "../server/support/app-harness.js";

const seed = Number(process.env["FUZZ_SEED"] ?? 20240607);
const bodyLimit = 1_048_576;

const saveCall = (clicks: unknown, body: unknown) => ({
  callbackId: "saved.children",
  outputs: [{ id: "saved", property: "children" }],
  inputs: [{ id: "save", property: "n_clicks", value: clicks }],
  state: [{ id: "body", property: "value", value: body }],
  changedPropIds: ["save.n_clicks"],
});

const rememberCall = (value: unknown) => ({
  callbackId: "remembered.children",
  outputs: [{ id: "remembered", property: "children" }],
  inputs: [{ id: "remember", property: "value", value }],
  state: [],
  changedPropIds: ["remember.value"],
});

const targets: FuzzTarget[] = [
  {
    url: "/_dashbase/callback",
    templates: [
      saveCall(1, "a note"),
      rememberCall("kept"),
      {
        callbackId: "mine.children",
        outputs: [{ id: "mine", property: "children" }],
        inputs: [{ id: "saved", property: "children", value: "saved #1" }],
        changedPropIds: ["saved.children"],
      },
    ],
  },
  {
    url: "/_dashbase/persist",
    templates: [
      { id: "body", property: "value", value: "draft" },
      { id: "prefs", property: "data", value: { theme: "dark", sizes: [1, 2] } },
      { id: { type: "filter", index: 1 }, property: "value", value: 3 },
    ],
  },
  {
    url: "/_dashbase/table/my-notes",
    templates: [
      { page: 0, pageSize: 20, sortBy: [{ column: "seq", direction: "desc" }], filter: { body: "note", seq: ">=1" } },
      { page: 1, pageSize: 5, sortBy: [], filter: {} },
    ],
  },
  { url: "/_dashbase/table/nope", templates: [{ page: 0 }] },
  {
    url: "/_dashbase/table/my-notes-edit/edit",
    templates: [
      { rowId: 1, column: "seq", value: 3, path: "/table" },
      { rowId: 2, column: "body", value: "edited in place" },
      { rowId: "1", column: "seq", value: "not a number" },
    ],
  },
  { url: "/api/notes", templates: [{ body: "from the API" }] },
  { url: "/api/remember", templates: [{ value: "kept by the API" }] },
  { url: "/api/echo", templates: [{ anything: [1, "two", { three: null }] }] },
];

interface Browser {
  cookie: string;
  csrfToken: string;
}

async function openSession(server: AppServer): Promise<Browser> {
  const answer = await server.fastify.inject({ method: "GET", url: "/" });
  const cookie = String(answer.headers["set-cookie"]).split(";")[0]!;
  const boot = JSON.parse(/<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(answer.body)![1]!) as {
    csrfToken: string;
  };
  return { cookie, csrfToken: boot.csrfToken };
}

function headersFor(fuzz: FuzzCase, mine: Browser, other: Browser): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  if (fuzz.contentType !== undefined) headers["content-type"] = fuzz.contentType;
  const cookie = {
    valid: mine.cookie,
    missing: undefined,
    tampered: mine.cookie.slice(0, -2) + (mine.cookie.endsWith("A") ? "BB" : "AA"),
    garbage: "dashbase_sid=%%%;;dashbase_sid=; =x",
  }[fuzz.cookie];
  if (cookie !== undefined) headers["cookie"] = cookie;
  const token = {
    valid: mine.csrfToken,
    missing: undefined,
    wrong: "0".repeat(43),
    "other-session": other.csrfToken,
    twice: [mine.csrfToken, mine.csrfToken],
    empty: "",
  }[fuzz.csrf];
  if (token !== undefined) headers["x-dashbase-csrf"] = token;
  return headers;
}

/** What is wrong with an answer, or undefined when it keeps the guarantees. */
function problemWith(answer: LightMyRequestResponse): string | undefined {
  const status = answer.statusCode;
  if (status >= 500) return `status ${status}: ${answer.body.slice(0, 300)}`;
  if (status === 204) return answer.body === "" ? undefined : "a 204 with a body";
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    return `status ${status} with a body that is not JSON: ${answer.body.slice(0, 120)}`;
  }
  if (status < 300) return status === 200 || status === 201 ? undefined : `unexpected status ${status}`;
  if (status < 400) return `unexpected status ${status}`;
  const error = (json as { error?: Record<string, unknown> }).error;
  if (typeof error !== "object" || error === null) return `status ${status} without an error object: ${answer.body.slice(0, 200)}`;
  if (Object.keys(json as object).length !== 1 || Object.keys(error).sort().join() !== "code,message,requestId")
    return `error answer with other keys: ${answer.body.slice(0, 200)}`;
  if (typeof error["code"] !== "string" || !Object.hasOwn(errorCodes, error["code"])) return `unknown error code ${String(error["code"])}`;
  if (typeof error["message"] !== "string" || error["message"] === "") return "an error without a message";
  if (error["requestId"] !== answer.headers["x-request-id"]) return "the error's requestId is not the x-request-id header";
  if (!String(answer.headers["content-type"]).startsWith("application/json"))
    return `an error answered as ${String(answer.headers["content-type"])}`;
  return undefined;
}

after(dropServerDatabases);

for (const backend of backends) {
  // The full 10,000 on the embedded database; a quicker pass on the server, whose per-request
  // cost is a network round trip rather than a different code path.
  const cases = Number(process.env["FUZZ_CASES"] ?? (backend.name === "pglite" ? 10_000 : 2_500));

  describe(`fuzzing the POST endpoints on ${backend.name}`, { timeout: 180_000 }, () => {
    let db: Database;
    let server: AppServer;
    let mine: Browser;
    let other: Browser;
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();

    before(async () => {
      await ensureClientBuilt();
      db = await backend.open();
      await prepareNotes(db);
      server = await robustNotesApp().createServer({ db, settings: testSettings() });
      mine = await openSession(server);
      other = await openSession(server);
    });

    after(async () => {
      await server?.close();
      await db?.close();
    });

    const normalCallback = async (value: string): Promise<LightMyRequestResponse> =>
      server.fastify.inject({
        method: "POST",
        url: "/_dashbase/callback",
        payload: rememberCall(value),
        headers: { cookie: mine.cookie, "x-dashbase-csrf": mine.csrfToken },
      });

    it(`answers ${cases} generated bodies with 2xx or a coded 4xx, never a 5xx, and keeps serving`, async () => {
      const fuzzer = new BodyFuzzer(seed, targets, bodyLimit);
      const failures: string[] = [];
      const tally = new Map<string, number>();
      for (let index = 0; index < cases; index++) {
        const fuzz = fuzzer.case(index);
        let answer: LightMyRequestResponse;
        try {
          answer = await server.fastify.inject({
            method: "POST",
            url: fuzz.url,
            payload: fuzz.payload,
            headers: headersFor(fuzz, mine, other),
          });
        } catch (error) {
          failures.push(`case ${index} (${fuzz.kind} ${fuzz.url}): inject threw ${String(error)}`);
          continue;
        }
        const problem = problemWith(answer);
        const code = answer.statusCode >= 400 ? String((JSON.parse(answer.body) as { error?: { code?: string } }).error?.code) : "";
        tally.set(`${answer.statusCode} ${code}`, (tally.get(`${answer.statusCode} ${code}`) ?? 0) + 1);
        if (problem !== undefined)
          failures.push(`case ${index} (seed ${seed}, ${fuzz.kind}, ${fuzz.url}, csrf ${fuzz.csrf}, cookie ${fuzz.cookie}): ${problem}`);
        if (index % 500 === 499) {
          const check = await normalCallback(`alive ${index}`);
          if (check.statusCode !== 200)
            failures.push(`after case ${index}: a normal callback answered ${check.statusCode} ${check.body.slice(0, 200)}`);
        }
      }
      const summary = [...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([key, count]) => `${key}: ${count}`)
        .join(", ");
      assert.deepEqual(failures.slice(0, 15), [], `${failures.length} of ${cases} answers broke a guarantee (statuses: ${summary})`);
      assert.ok(
        (tally.get("200 ") ?? 0) + (tally.get("204 ") ?? 0) > cases / 20,
        `enough valid bodies went through to exercise the handlers (statuses: ${summary})`,
      );
      assert.ok(
        [...tally.keys()].some((key) => key.startsWith("403")),
        "some bodies went without a valid CSRF token",
      );
    });

    it("still runs a normal callback and keeps the session's store value", async () => {
      const answer = await normalCallback("after the fuzz");
      assert.equal(answer.statusCode, 200, answer.body);
      assert.deepEqual(answer.json(), { response: { remembered: { children: "after the fuzz" } } });
      const health = await server.fastify.inject({ method: "GET", url: "/_dashbase/health" });
      assert.equal(health.statusCode, 200);
    });

    it("leaves no prototype polluted", () => {
      const empty: Record<string, unknown> = {};
      assert.equal(empty["polluted"], undefined);
      assert.equal(empty["isAdmin"], undefined);
      assert.equal(Object.getOwnPropertyNames(Object.prototype).sort().join(), prototypeKeys);
      assert.equal(typeof empty.toString, "function");
      assert.equal(({} as Record<string, unknown>)["toString"], Object.prototype.toString);
    });
  });
}
