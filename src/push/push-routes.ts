/**
 * @module
 * The push channel's endpoints: `GET /_dashbase/push`, a Server-Sent Events stream per tab, and
 * `GET /_dashbase/push/poll`, the same messages as JSON for where a stream cannot stay open.
 * Both need the session cookie and a same-site request (a cross-site page cannot open them);
 * each session may hold a bounded number of streams per process. The stream is written by hand
 * on the raw response (as the development stream, dev-events.ts, is): it must outlive the
 * handler, bypass compression, replay before going live, and end on server close.
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { DashbaseError } from "../errors/dashbase-error.js";
import { pushPath, pushPollPath, tabIdPattern } from "../protocol/endpoints.js";
import type { SessionManager } from "../session/session-manager.js";
import { sessionCookieValue, sessionOf } from "../server/request-session.js";
import type { PushHub, StreamRequest } from "./push-hub.js";

export interface PushRoutesOptions {
  readonly hub: PushHub;
  readonly sessions: SessionManager;
  /** The topics the app's callbacks listen to: a stream may subscribe to these only. */
  readonly topics: ReadonlyMap<string, boolean>;
  /** Streams one session may hold open in this process (default 16); one more gets 429. */
  readonly maxStreamsPerSession?: number;
  /** A comment line every this often keeps proxies from closing an idle stream (default 15,000 ms). */
  readonly heartbeatMs?: number;
}

const idPattern = /^\d{1,15}$/;

/** Refuses a request a page of another site made: browsers say so in Sec-Fetch-Site and Origin. */
function checkSameSite(request: FastifyRequest): void {
  const site = request.headers["sec-fetch-site"];
  const origin = request.headers.origin;
  let foreign = site !== undefined && site !== "same-origin" && site !== "none";
  if (!foreign && typeof origin === "string") {
    try {
      const url = new URL(origin);
      foreign = url.host !== request.host || url.protocol !== `${request.protocol}:`;
    } catch {
      foreign = true;
    }
  }
  if (foreign) {
    throw new DashbaseError(
      "DASHBASE_E_PUSH_REFUSED",
      `the push channel opens only from this app's own pages; this request came from ${typeof origin === "string" ? origin.slice(0, 100) : `a ${String(site)} page`}`,
    );
  }
}

function subscription(
  request: FastifyRequest,
  topics: ReadonlyMap<string, boolean>,
  lastEventId: string | undefined,
): Omit<StreamRequest, "owner"> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const tab = query["tab"];
  if (typeof tab !== "string" || !tabIdPattern.test(tab)) {
    throw new DashbaseError(
      "DASHBASE_E_BAD_REQUEST",
      `expected ?tab= an id of 8 to 64 letters, digits, "_" or "-", found ${JSON.stringify(tab)?.slice(0, 80)}`,
    );
  }
  const after = lastEventId ?? query["after"];
  if (after !== undefined && (typeof after !== "string" || !idPattern.test(after))) {
    throw new DashbaseError(
      "DASHBASE_E_BAD_REQUEST",
      `expected the last event id (Last-Event-ID or ?after=) to be a whole number, found ${JSON.stringify(after).slice(0, 80)}`,
    );
  }
  const asked = typeof query["topics"] === "string" ? query["topics"].split(",") : [];
  return {
    tab,
    topics: [...new Set(asked)].filter((name) => topics.has(name)),
    ...(after === undefined ? {} : { after: Number(after) }),
  };
}

async function sessionFor(sessions: SessionManager, request: FastifyRequest, reply: FastifyReply) {
  checkSameSite(request);
  if (sessionCookieValue(sessions, request) === undefined) {
    throw new DashbaseError("DASHBASE_E_PUSH_REFUSED", "the push channel needs the session cookie; open one of the app's pages first");
  }
  return sessionOf(sessions, request, reply);
}

/** One server-sent event. */
function eventText(fields: { id?: number; event?: string; data: unknown }): string {
  return `${fields.id === undefined ? "" : `id: ${fields.id}\n`}${fields.event === undefined ? "" : `event: ${fields.event}\n`}data: ${JSON.stringify(fields.data)}\n\n`;
}

/**
 * Registers the push endpoints on `server`.
 * @example
 * registerPushRoutes(instance, { hub, sessions, topics });
 */
export function registerPushRoutes(server: FastifyInstance, options: PushRoutesOptions): void {
  const { hub, sessions, topics } = options;
  const maxStreams = options.maxStreamsPerSession ?? 16;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const perSession = new Map<string, number>();
  const open = new Set<ServerResponse>();

  server.get(pushPollPath, async (request, reply) => {
    const session = await sessionFor(sessions, request, reply);
    const answer = await hub.poll({ owner: session.owner, ...subscription(request, topics, undefined) });
    return reply.header("cache-control", "no-store").send(answer);
  });

  server.get(pushPath, async (request, reply) => {
    const session = await sessionFor(sessions, request, reply);
    const lastEventId = request.headers["last-event-id"];
    const wanted = subscription(request, topics, typeof lastEventId === "string" && lastEventId !== "" ? lastEventId : undefined);
    const count = perSession.get(session.id) ?? 0;
    if (count >= maxStreams) {
      throw new DashbaseError(
        "DASHBASE_E_PUSH_TOO_MANY_STREAMS",
        `this session already has ${count} push streams open (the most is ${maxStreams}); close some of the app's tabs`,
        { details: { limit: maxStreams } },
      );
    }
    perSession.set(session.id, count + 1);
    // The stream outlives the handler: Fastify must not answer (nor compress) it. The headers set
    // so far (security headers, a renewed cookie) go out with it.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    response.write("retry: 1000\n\n");
    open.add(response);
    let stream: { close(): void; readonly lastId: number } | undefined;
    let closed = false;
    const heartbeat = setInterval(() => response.write(": ping\n\n"), heartbeatMs);
    heartbeat.unref();
    const finish = (): void => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      stream?.close();
      open.delete(response);
      const left = (perSession.get(session.id) ?? 1) - 1;
      if (left <= 0) perSession.delete(session.id);
      else perSession.set(session.id, left);
    };
    request.raw.once("close", finish);
    try {
      stream = await hub.openStream({ owner: session.owner, ...wanted }, (message, lastId) => {
        response.write(eventText({ id: lastId, data: message }));
      });
      if (closed) stream.close();
      else response.write(eventText({ id: stream.lastId, event: "ready", data: { last: stream.lastId } }));
    } catch (error) {
      request.log.warn({ err: error }, "push stream could not start; the tab will retry");
      response.end();
      finish();
    }
  });

  // An open stream is never idle: without this, closing the server would wait for every tab.
  server.addHook("preClose", async () => {
    for (const response of open) response.end();
    open.clear();
  });
}
