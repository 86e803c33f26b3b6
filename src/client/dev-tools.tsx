/**
 * @module
 * The dev tools panel, development only: an entry of its own in the build (dev-tools-<hash>.js)
 * that main.tsx imports only when the boot data names it (`dashbase dev`), so production pages
 * neither reference nor download it, and a production server refuses to serve it. A toggle in the
 * corner opens a panel with three tabs: the page's callbacks (inputs, outputs, calls with when,
 * how long and how they ended), the last errors (code, message, request id, stack), and the
 * problems (the app's validation problems and warnings from the server, callbacks this page
 * cannot run, and model validation errors callbacks met).
 */
import { render, type ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { CallbackSpec, DependencyRef } from "../protocol/callback-spec.js";
import type { CallbackRequest } from "../protocol/messages.js";
import { pageProblems, type PageProblem } from "./dev-problems.js";
import { DevTrace, errorFieldsOf, type TracedAnswer, type TracedCall, type TracedError } from "./dev-trace.js";
import { addLazyStyles } from "./lazy-styles.js";
import type { Renderer } from "./renderer.js";
import styles from "./dev-tools.lazy.css";

/** The error codes that mean a value did not fit (a model's fields, a callback's declared shape). */
const validationCodes = new Set(["DASHBASE_E_VALIDATION", "DASHBASE_E_CALLBACK_MISMATCH", "DASHBASE_E_CALLBACK_RESULT"]);

interface ServerProblem {
  readonly kind: string;
  readonly message: string;
}

interface ServerProblems {
  readonly problems: readonly ServerProblem[];
  readonly warnings: readonly ServerProblem[];
}

/**
 * Records what the renderer's requests meet: every callback call timed with its outcome (the
 * answer's body is kept per request object, as `callback()` posts the request it is given), and
 * every error answer with the stack a development server adds. The renderer itself carries no
 * hook for this: production pages pay nothing.
 */
function instrument(renderer: Renderer, trace: DevTrace): void {
  const http = renderer.http;
  const answers = new WeakMap<object, TracedAnswer>();
  const post = http.post.bind(http);
  const get = http.get.bind(http);
  const callback = http.callback.bind(http);
  const noteError = (source: string, answer: TracedAnswer): void => {
    const fields = errorFieldsOf(answer.body);
    if (answer.status >= 400) trace.error(source, fields ?? { message: `The server answered with status ${answer.status}.` });
  };
  http.post = async (url, body, init) => {
    const answer = await post(url, body, init);
    if (typeof body === "object" && body !== null) answers.set(body, answer);
    // a callback's failure is recorded with its call (below)
    if (!(typeof body === "object" && body !== null && "callbackId" in body)) noteError(`POST ${url}`, answer);
    return answer;
  };
  http.get = async (url) => {
    const answer = await get(url);
    noteError(`GET ${url}`, answer);
    return answer;
  };
  http.callback = async (request: CallbackRequest) => {
    const seq = trace.callStarted(request.callbackId, request.changedPropIds);
    try {
      const outcome = await callback(request);
      trace.callEnded(seq, answers.get(request));
      return outcome;
    } catch (error) {
      trace.callEnded(seq, undefined, `The callback request could not be sent: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  };
  // What reaches the page by other ways (a background job's failure, a dropped connection).
  let seen = new Set<number>();
  renderer.notices.subscribe(() => {
    const now = new Set(renderer.notices.items.map((notice) => notice.key));
    for (const notice of renderer.notices.items) {
      if (seen.has(notice.key)) continue;
      const { key: _key, ...fields } = notice;
      trace.error("page notice", fields);
    }
    seen = now;
  });
}

const refName = (ref: DependencyRef): string => `${typeof ref.id === "string" ? ref.id : JSON.stringify(ref.id)}.${ref.property}`;
const timeOf = (at: number): string => new Date(at).toISOString().slice(11, 23);
const durationOf = (ms: number | undefined): string => (ms === undefined ? "…" : `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);

function useSubscribed<T>(read: () => T, subscribe: (listener: () => void) => () => void): T {
  const [value, setValue] = useState(read);
  useEffect(() => subscribe(() => setValue(read())), []);
  return value;
}

function CallbacksTab({ specs, calls }: { specs: readonly CallbackSpec[]; calls: readonly TracedCall[] }): ComponentChild {
  const last = new Map<string, TracedCall>();
  const counts = new Map<string, number>();
  for (const call of calls) {
    last.set(call.callbackId, call);
    counts.set(call.callbackId, (counts.get(call.callbackId) ?? 0) + 1);
  }
  return (
    <div>
      <table class="dashbase-devtools-table" aria-label="Callbacks">
        <thead>
          <tr>
            <th scope="col">Callback</th>
            <th scope="col">Inputs (state)</th>
            <th scope="col">Outputs</th>
            <th scope="col">Calls</th>
            <th scope="col">Last call</th>
          </tr>
        </thead>
        <tbody>
          {specs.map((spec) => {
            const call = last.get(spec.id);
            return (
              <tr key={spec.id} data-callback={spec.id}>
                <th scope="row">
                  <code>{spec.id}</code>
                </th>
                <td>
                  {spec.inputs.map(refName).join(", ")}
                  {spec.state.length > 0 && <span class="dashbase-devtools-muted"> ({spec.state.map(refName).join(", ")})</span>}
                </td>
                <td>{spec.outputs.map(refName).join(", ") || <span class="dashbase-devtools-muted">none</span>}</td>
                <td>{counts.get(spec.id) ?? 0}</td>
                <td>
                  {call === undefined ? (
                    <span class="dashbase-devtools-muted">not fired</span>
                  ) : (
                    <span class={`dashbase-devtools-status is-${call.status}`}>
                      {call.status}, {durationOf(call.durationMs)} at {timeOf(call.startedAt)}
                    </span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3>Recent calls</h3>
      {calls.length === 0 ? (
        <p class="dashbase-devtools-muted">No callback has fired yet.</p>
      ) : (
        <ol class="dashbase-devtools-calls" aria-label="Recent calls">
          {[...calls].reverse().map((call) => (
            <li key={call.seq} data-callback={call.callbackId} data-status={call.status}>
              <span class="dashbase-devtools-muted">{timeOf(call.startedAt)}</span> <code>{call.callbackId}</code>{" "}
              <span class={`dashbase-devtools-status is-${call.status}`}>{call.status}</span> in{" "}
              <span class="dashbase-devtools-duration">{durationOf(call.durationMs)}</span>
              {call.changed.length > 0 ? `, fired by ${call.changed.join(", ")}` : ", on load"}
              {call.requestId !== undefined && `, request id ${call.requestId}`}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function ErrorItem({ error }: { error: TracedError }): ComponentChild {
  return (
    <li class="dashbase-devtools-error" data-code={error.code}>
      <p>
        <span class="dashbase-devtools-muted">{timeOf(error.at)}</span> {error.source}
        {error.code !== undefined && <code> {error.code}</code>}
      </p>
      <p class="dashbase-devtools-message">{error.message}</p>
      {error.requestId !== undefined && <p class="dashbase-devtools-request">Request id: {error.requestId}</p>}
      {error.stack !== undefined && (
        <details>
          <summary>Stack</summary>
          <pre>{error.stack}</pre>
        </details>
      )}
    </li>
  );
}

function ErrorsTab({ errors }: { errors: readonly TracedError[] }): ComponentChild {
  if (errors.length === 0) return <p class="dashbase-devtools-muted">No errors so far.</p>;
  return (
    <ol class="dashbase-devtools-errors" aria-label="Errors">
      {[...errors].reverse().map((error) => (
        <ErrorItem key={error.seq} error={error} />
      ))}
    </ol>
  );
}

function ProblemsTab(props: {
  server: ServerProblems | string | undefined;
  page: readonly PageProblem[];
  validation: readonly TracedError[];
}): ComponentChild {
  const { server, page, validation } = props;
  const list = (items: readonly { message: string }[], empty: string): ComponentChild =>
    items.length === 0 ? (
      <p class="dashbase-devtools-muted">{empty}</p>
    ) : (
      <ul>
        {items.map((item, index) => (
          <li key={index}>{item.message}</li>
        ))}
      </ul>
    );
  return (
    <div>
      <h3>App validation</h3>
      {server === undefined ? (
        <p class="dashbase-devtools-muted">Asking the server…</p>
      ) : typeof server === "string" ? (
        <p>{server}</p>
      ) : (
        <>
          {list(server.problems, "No problems.")}
          {server.warnings.length > 0 && <h4>Warnings: ids no layout readable at start-up contains</h4>}
          {server.warnings.length > 0 && list(server.warnings, "")}
        </>
      )}
      <h3>This page</h3>
      {list(page, "Every callback with an input on this page can run.")}
      <h3>Validation errors of callbacks</h3>
      {validation.length === 0 ? (
        <p class="dashbase-devtools-muted">None so far.</p>
      ) : (
        <ol class="dashbase-devtools-errors">
          {[...validation].reverse().map((error) => (
            <ErrorItem key={error.seq} error={error} />
          ))}
        </ol>
      )}
    </div>
  );
}

type Tab = "callbacks" | "errors" | "problems";

function DevPanel({
  renderer,
  trace,
  problemsUrl,
}: {
  renderer: Renderer;
  trace: DevTrace;
  problemsUrl: string | undefined;
}): ComponentChild {
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<Tab>("callbacks");
  const [server, setServer] = useState<ServerProblems | string | undefined>(undefined);
  const calls = useSubscribed(
    () => trace.calls,
    (listener) => trace.subscribe(listener),
  );
  const errors = useSubscribed(
    () => trace.errors,
    (listener) => trace.subscribe(listener),
  );
  const root = useSubscribed(
    () => renderer.store.root,
    (listener) => renderer.store.subscribe(listener),
  );
  useEffect(() => {
    if (!open || problemsUrl === undefined) return;
    fetch(problemsUrl, { credentials: "same-origin" })
      .then((response): Promise<ServerProblems | string> | string =>
        response.ok ? (response.json() as Promise<ServerProblems>) : `The server answered ${response.status}.`,
      )
      .then(setServer, (error: unknown) => setServer(`The problems could not be read: ${String(error)}`));
  }, [open]);
  void root; // the page's problems follow the layout
  const page = pageProblems(renderer.boot.dependencies, (id) => renderer.store.has(id));
  const validation = errors.filter((error) => error.code !== undefined && validationCodes.has(error.code));
  const problemCount = (typeof server === "object" ? server.problems.length : 0) + page.length + validation.length;
  const tabs: readonly [Tab, string][] = [
    ["callbacks", `Callbacks (${renderer.boot.dependencies.length})`],
    ["errors", `Errors (${errors.length})`],
    ["problems", `Problems (${problemCount})`],
  ];
  return (
    <>
      <button
        type="button"
        class="dashbase-devtools-toggle"
        aria-expanded={open ? "true" : "false"}
        aria-controls="dashbase-devtools-panel"
        data-errors={errors.length}
        onClick={() => setOpen(!open)}
      >
        Dev tools{errors.length > 0 ? ` · ${errors.length} error${errors.length === 1 ? "" : "s"}` : ""}
      </button>
      {open && (
        <section id="dashbase-devtools-panel" class="dashbase-devtools-panel" aria-label="Dev tools">
          <div class="dashbase-devtools-tabs" role="tablist">
            {tabs.map(([name, label]) => (
              <button key={name} type="button" role="tab" aria-selected={tab === name ? "true" : "false"} onClick={() => setTab(name)}>
                {label}
              </button>
            ))}
            <button type="button" class="dashbase-devtools-clear" onClick={() => trace.clear()}>
              Clear
            </button>
          </div>
          <div class="dashbase-devtools-body" role="tabpanel">
            {tab === "callbacks" && <CallbacksTab specs={renderer.boot.dependencies} calls={calls} />}
            {tab === "errors" && <ErrorsTab errors={errors} />}
            {tab === "problems" && <ProblemsTab server={server} page={page} validation={validation} />}
          </div>
        </section>
      )}
    </>
  );
}

/**
 * Starts recording `renderer`'s callbacks and errors and adds the toggle and panel to the page.
 * Called by main.tsx before the renderer starts, so the calls on load are recorded too.
 * @example
 * const tools = await import(boot.dev.tools);
 * tools.attachDevTools(renderer);
 */
export function attachDevTools(renderer: Renderer): void {
  const trace = new DevTrace();
  instrument(renderer, trace);
  addLazyStyles("dev-tools", styles);
  const mount = document.createElement("div");
  mount.id = "dashbase-devtools";
  document.body.appendChild(mount);
  render(<DevPanel renderer={renderer} trace={trace} problemsUrl={renderer.boot.dev?.problems} />, mount);
}
