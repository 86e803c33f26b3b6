/**
 * The logic of the development dev tools without a browser: the record of calls and errors, the
 * callbacks a page cannot run, the stack a development error answer carries, and the manifest a
 * page carries outside development. Also the meta tags both the shell and a client-side
 * navigation write. (The panel itself is in test/browser/dev-tools.test.ts.)
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DashbaseError } from "dashbase";
import { DevTrace, callStatusOf, errorFieldsOf } from "../../src/client/dev-trace.js";
import { pageProblems } from "../../src/client/dev-problems.js";
import type { CallbackSpec } from "../../src/protocol/callback-spec.js";
import { pageMetaTags } from "../../src/protocol/page-meta-tags.js";
import { devStack, withoutDevTools } from "../../src/server/dev-tools.js";

function fixedClocks(): { trace: DevTrace; advance(ms: number): void } {
  let wall = Date.UTC(2026, 0, 1, 12, 0, 0);
  let mono = 0;
  const trace = new DevTrace(
    () => wall,
    () => mono,
  );
  return {
    trace,
    advance: (ms) => {
      wall += ms;
      mono += ms;
    },
  };
}

describe("the dev tools' record of calls and errors", () => {
  it("times each call and reads how it ended from its answer", () => {
    const { trace, advance } = fixedClocks();
    const seen: number[] = [];
    trace.subscribe(() => seen.push(trace.calls.length));
    const first = trace.callStarted("out.children", ["add.n_clicks"]);
    const second = trace.callStarted("total.children", []);
    assert.equal(trace.calls[0]?.status, "running");
    advance(12.5);
    trace.callEnded(first, { status: 200, body: { response: {} } });
    advance(3);
    trace.callEnded(second, { status: 204, body: undefined });
    assert.deepEqual(
      trace.calls.map((call) => [call.callbackId, call.status, call.durationMs, call.changed]),
      [
        ["out.children", "updated", 12.5, ["add.n_clicks"]],
        ["total.children", "prevented", 15.5, []],
      ],
    );
    assert.ok(seen.length >= 4, "listeners hear each change");
    assert.equal(callStatusOf({ status: 202, body: {} }), "background");
  });

  it("records a failed call's error once, with code, request id and stack", () => {
    const { trace } = fixedClocks();
    const seq = trace.callStarted("out.children", []);
    const body = { error: { code: "DASHBASE_E_CALLBACK_FAILED", message: "boom", requestId: "req-7", stack: "Error: boom\n    at x" } };
    trace.callEnded(seq, { status: 500, body });
    // the page's notice of the same failure is not a second error
    trace.error("page notice", { message: "boom", requestId: "req-7" });
    assert.equal(trace.calls[0]?.status, "error");
    assert.equal(trace.calls[0]?.requestId, "req-7");
    assert.deepEqual(
      trace.errors.map(({ source, code, message, requestId, stack }) => ({ source, code, message, requestId, stack })),
      [
        {
          source: 'callback "out.children"',
          code: "DASHBASE_E_CALLBACK_FAILED",
          message: "boom",
          requestId: "req-7",
          stack: body.error.stack,
        },
      ],
    );
    trace.callEnded(trace.callStarted("x.children", []), undefined, "The callback request could not be sent: offline");
    assert.equal(trace.errors.at(-1)?.message, "The callback request could not be sent: offline");
    trace.clear();
    assert.deepEqual([trace.calls.length, trace.errors.length], [0, 0]);
  });

  it("reads only well-typed error fields from an answer", () => {
    assert.deepEqual(errorFieldsOf({ error: { message: "m", code: 3, requestId: "r" } }), { message: "m", requestId: "r" });
    assert.equal(errorFieldsOf({ error: { code: "X" } }), undefined);
    assert.equal(errorFieldsOf("<html>proxy error</html>"), undefined);
  });
});

describe("the callbacks a page cannot run", () => {
  const spec = (id: string, inputs: string[], outputs: string[], state: string[] = []): CallbackSpec => {
    const refs = (names: string[]) =>
      names.map((name) => {
        const [refId, property] = name.split(".") as [string, string];
        return { id: refId, property };
      });
    return { id, inputs: refs(inputs), outputs: refs(outputs), state: refs(state) };
  };
  const onPage = new Set(["add", "out", "name"]);
  const has = (id: string) => onPage.has(id);

  it("names a missing output or input of a callback with an input on the page, and a missing state apart", () => {
    const problems = pageProblems(
      [
        spec("fine", ["add.n_clicks"], ["out.children"], ["name.value"]),
        spec("ghost", ["add.n_clicks"], ["ghost.children"]),
        spec("half", ["add.n_clicks", "other.value"], ["out.title"]),
        spec("stateless", ["add.n_clicks"], ["out.style"], ["gone.value"]),
        spec("elsewhere", ["other.value"], ["more.children"]),
      ],
      has,
    );
    assert.deepEqual(
      problems.map((problem) => problem.callbackId),
      ["ghost", "half", "stateless"],
    );
    assert.match(problems[0]!.message, /output "ghost.children" is not on this page, so the callback does not run here; add the component/);
    assert.match(problems[1]!.message, /input "other.value" is not on this page/);
    assert.match(problems[2]!.message, /state "gone.value" is not on this page, so the callback gets no value for it/);
  });

  it("leaves pattern ids alone", () => {
    const pattern: CallbackSpec = {
      id: "rows",
      inputs: [{ id: { type: "row", index: "ALL" } as never, property: "value" }],
      outputs: [{ id: "out", property: "children" }],
      state: [],
    };
    assert.deepEqual(pageProblems([pattern], has), []);
  });
});

describe("development error details and the production manifest", () => {
  it("gives the stack of an error and of its causes, secrets masked", () => {
    const cause = new Error("connect to postgres://app:hunter22@db/prod failed");
    const stack = devStack(new DashbaseError("DASHBASE_E_CALLBACK_FAILED", "callback failed", { cause }));
    assert.match(stack ?? "", /^DashbaseError: callback failed\n\s+at /);
    assert.match(stack ?? "", /\nCaused by: Error: connect to postgres:\/\/app:/);
    assert.doesNotMatch(stack ?? "", /hunter22/);
    assert.equal(devStack("a string"), undefined);
  });

  it("drops the dev tools from the manifest a page carries outside development", () => {
    assert.deepEqual(withoutDevTools({ "main.js": "main-1.js", "dev-tools.js": "dev-tools-2.js" }), { "main.js": "main-1.js" });
    const plain = { "main.js": "main-1.js" };
    assert.equal(withoutDevTools(plain), plain);
  });
});

describe("page meta tags", () => {
  it("lists every managed tag, with a value only for what the page declares", () => {
    const present = (title: string, meta: Parameters<typeof pageMetaTags>[1]) =>
      pageMetaTags(title, meta)
        .filter((tag) => tag.value !== undefined)
        .map((tag) => `${tag.key}=${tag.value}`);
    assert.deepEqual(present("About", { description: "Who", image: "https://x.org/c.png" }), [
      "description=Who",
      "og:title=About",
      "og:description=Who",
      "og:image=https://x.org/c.png",
    ]);
    assert.deepEqual(present("Pic", { image: "https://x.org/c.png" }), ["og:title=Pic", "og:image=https://x.org/c.png"]);
    assert.deepEqual(present("Home", {}), []);
    assert.equal(pageMetaTags("Home", undefined).length, 4, "absent tags are listed so a navigation removes them");
  });
});
