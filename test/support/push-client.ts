/**
 * The tab's side of the push channel over plain HTTP, for fault tests against app processes: a
 * callback POST carrying the tab id (a background callback answers 202 with its job), the JSON
 * polling endpoint, and the Server-Sent Events stream read message by message.
 */
import { randomUUID } from "node:crypto";
import type { AppClient, CallbackCall, WireAnswer } from "./app-client.js";

/** A message as the tab receives it (a callback report, or `{ kind: "topic", topic, payload }`). */
export interface TabMessage {
  id: number;
  kind: string;
  jobId?: string;
  phase?: string;
  response?: Record<string, Record<string, unknown>>;
  topic?: string;
  payload?: unknown;
  [key: string]: unknown;
}

/** A new tab id, as the page makes one per load. */
export function newTabId(): string {
  return randomUUID().replaceAll("-", "");
}

/** POSTs a callback from tab `tab` of `client`'s session to `baseUrl` (any process of the deployment). */
export async function callbackFromTab(client: AppClient, tab: string, call: CallbackCall, baseUrl = client.baseUrl): Promise<WireAnswer> {
  const first = call.outputs[0];
  const callbackId =
    call.callbackId ?? client.dependencies.find((dep) => dep.outputs.some((o) => o.id === first?.id && o.property === first?.property))?.id;
  const response = await fetch(new URL("/_dashbase/callback", baseUrl), {
    method: "POST",
    headers: {
      cookie: client.sessionCookie,
      "content-type": "application/json",
      "x-dashbase-csrf": client.csrfToken,
      "x-dashbase-tab": tab,
    },
    body: JSON.stringify({ state: [], ...call, callbackId, changedPropIds: call.inputs.map((input) => `${input.id}.${input.property}`) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown), headers: response.headers };
}

/** The job id of a background callback's 202 answer. */
export function jobIdOf(answer: WireAnswer): string {
  const jobId = (answer.body as { background?: { jobId?: unknown } } | undefined)?.background?.jobId;
  if (answer.status !== 202 || typeof jobId !== "string")
    throw new Error(`expected 202 with a job, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return jobId;
}

/**
 * One poll of tab `tab`: without `after` it is a fresh page load (it first receives what the
 * session's tab never did), with it the messages after that id.
 */
export async function pollTab(
  client: AppClient,
  tab: string,
  after?: number,
  baseUrl = client.baseUrl,
): Promise<{ messages: TabMessage[]; last: number }> {
  const url = new URL("/_dashbase/push/poll", baseUrl);
  url.searchParams.set("tab", tab);
  if (after !== undefined) url.searchParams.set("after", String(after));
  const response = await fetch(url, { headers: { cookie: client.sessionCookie } });
  if (response.status !== 200) throw new Error(`poll answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { messages: TabMessage[]; last: number };
}

/** An open SSE stream of one tab: the messages received so far. */
export interface TabStream {
  readonly messages: TabMessage[];
  /** Resolves with the first message (received so far or later) that `match` accepts. */
  next(match: (message: TabMessage) => boolean, capMs?: number): Promise<TabMessage>;
  close(): void;
}

/** Opens tab `tab`'s stream on `baseUrl` with `client`'s session, subscribed to `topics`; resolves once it is live (`ready`). */
export async function openTabStream(
  client: AppClient,
  tab: string,
  topics: readonly string[],
  baseUrl = client.baseUrl,
): Promise<TabStream> {
  const url = new URL("/_dashbase/push", baseUrl);
  url.searchParams.set("tab", tab);
  if (topics.length > 0) url.searchParams.set("topics", topics.join(","));
  const controller = new AbortController();
  const response = await fetch(url, { headers: { cookie: client.sessionCookie, accept: "text/event-stream" }, signal: controller.signal });
  if (response.status !== 200 || response.body === null) throw new Error(`stream answered ${response.status}: ${await response.text()}`);
  const messages: TabMessage[] = [];
  const waiters = new Set<() => void>();
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(event)?.[1];
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (name === "ready") ready();
          else if (data !== undefined) messages.push(JSON.parse(data) as TabMessage);
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Closed by close() or by the server going away.
    }
  })();
  await isReady;
  return {
    messages,
    async next(match, capMs = 60_000) {
      const deadline = Date.now() + capMs;
      for (;;) {
        const found = messages.find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no matching message on the stream within ${capMs} ms: ${JSON.stringify(messages)}`);
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 250);
          waiters.add(wake);
        });
      }
    },
    close: () => controller.abort(),
  };
}
