/**
 * @module
 * The wire protocol's endpoints (layout, dependencies, callback, persist, table, health) and the
 * app's API routes, each a thin mapping from HTTP onto the transport-free AppCore.
 */
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppCore } from "../app/app-core.js";
import type { ApiRoute } from "../app/api-registry.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import {
  callbackPath,
  cancelPath,
  csrfHeader,
  dependenciesPath,
  healthPath,
  layoutPath,
  persistPath,
  protocolBase,
  tablePathPrefix,
  tabHeader,
} from "../protocol/endpoints.js";
import { sessionCookieValue, sessionOf, verifiedSessionOf } from "./request-session.js";
import { noteWritePosition, readPositionOf } from "./read-position.js";

function queryOf(request: FastifyRequest): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof value === "string") query[key] = value;
    else if (Array.isArray(value) && typeof value[value.length - 1] === "string") query[key] = value[value.length - 1] as string;
  }
  return query;
}

/** Registers the `/_dashbase/*` endpoints. */
export function registerProtocolRoutes(server: FastifyInstance, core: AppCore): void {
  const sessions = core.services.sessions;

  server.get(healthPath, async (request, reply) => {
    const { error, ...report } = await core.health();
    reply.header("cache-control", "no-store");
    if (error !== undefined) {
      // The reason names hosts and ports: it goes to the log, not to whoever asks the public endpoint.
      request.log.warn({ reason: error }, "health check failed");
      reply.code(503);
    }
    return { status: report.ok ? "ok" : "unavailable", database: report };
  });

  server.get(dependenciesPath, async (_request, reply) => {
    reply.header("cache-control", "no-cache");
    return core.dependencies();
  });

  server.get(layoutPath, async (request, reply) => {
    const path = queryOf(request)["path"];
    if (path === undefined || !path.startsWith("/")) {
      throw new DashbaseError(
        "DASHBASE_E_BAD_REQUEST",
        `layout: expected ?path=/some/page (URL-encoded, starting with "/"), found ${JSON.stringify(path ?? null)}`,
      );
    }
    const session = await sessionOf(sessions, request, reply);
    const page = await core.render(path, session, readPositionOf(request));
    reply.code(page.status).header("cache-control", "no-store");
    // The renderer navigates to it (replacing the history entry), as a full load follows the status.
    if (page.redirect !== undefined) return { title: page.title, path: page.path, layout: null, redirect: page.redirect.location };
    return { title: page.title, path: page.path, layout: page.layout };
  });

  server.post(callbackPath, async (request, reply) => {
    const session = await verifiedSessionOf(sessions, request, reply);
    const tab = request.headers[tabHeader];
    const result = await core.dispatch(request.body, session, request.id, typeof tab === "string" ? tab : undefined);
    await noteWritePosition(core, request, reply);
    reply.header("cache-control", "no-store");
    if (result.kind === "background") return reply.code(202).send({ background: { jobId: result.jobId } });
    if (result.unsaved !== undefined)
      request.log.warn(
        { unsaved: result.unsaved },
        "callback outputs to persisted props were too large or not storable, so they were not saved",
      );
    if (result.kind === "prevent") return reply.code(204).send();
    return { response: result.response };
  });

  server.post(cancelPath, async (request, reply) => {
    const jobId = (request.body as { jobId?: unknown } | null)?.jobId;
    reply.header("cache-control", "no-store");
    // A call this process started is stopped before any query: its handler may hold the embedded database's one connection.
    const startedHere = core.cancelStartedHere(
      jobId,
      sessions.signedSessionId(sessionCookieValue(sessions, request)),
      request.headers[csrfHeader],
    );
    if (startedHere !== undefined) return { cancelled: await startedHere };
    const session = await verifiedSessionOf(sessions, request, reply);
    // A job that has just finished (or is not this session's) is no error: the page stops waiting either way.
    return { cancelled: await core.cancelBackground(jobId, session) };
  });

  server.post(persistPath, async (request, reply) => {
    const session = await verifiedSessionOf(sessions, request, reply);
    await core.persist(request.body, session);
    await noteWritePosition(core, request, reply);
    return reply.code(204).send();
  });

  server.post<{ Params: { id: string } }>(`${tablePathPrefix}:id`, async (request, reply) => {
    const session = await verifiedSessionOf(sessions, request, reply);
    reply.header("cache-control", "no-store");
    return core.table(request.params.id, request.body, session, readPositionOf(request));
  });

  server.post<{ Params: { id: string } }>(`${tablePathPrefix}:id/export`, async (request, reply) => {
    const session = await verifiedSessionOf(sessions, request, reply);
    // Built before the reply starts, so a bad filter or column answers 400 rather than a broken download.
    const chunks = core.tableCsv(request.params.id, request.body, session, readPositionOf(request));
    const first = await chunks.next();
    async function* all(): AsyncGenerator<string> {
      if (first.done !== true) yield first.value;
      yield* chunks;
    }
    return reply
      .header("cache-control", "no-store")
      .header("content-disposition", `attachment; filename="${request.params.id.replace(/[^A-Za-z0-9_-]/g, "_")}.csv"`)
      .type("text/csv; charset=utf-8")
      .send(Readable.from(all()));
  });

  const notFound = async (request: FastifyRequest): Promise<never> => {
    throw new DashbaseError(
      "DASHBASE_E_NOT_FOUND",
      `no dashbase endpoint ${request.method} ${request.url.split("?")[0]}; see docs/wire-protocol.md`,
    );
  };
  server.all(`${protocolBase}/*`, notFound);
}

/** Registers the app's `app.api.*` routes. */
export function registerApiRoutes(server: FastifyInstance, core: AppCore, routes: readonly ApiRoute[]): void {
  const sessions = core.services.sessions;
  for (const route of routes) {
    server.route({
      method: route.method,
      url: route.path,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const session = route.csrf ? await verifiedSessionOf(sessions, request, reply) : await sessionOf(sessions, request, reply);
        const result = await route.handler({
          db: core.services.db,
          session,
          store: core.storeFor(session),
          env: core.env,
          enqueue: core.enqueueFor(session),
          publish: core.publisherFor(session),
          request: {
            method: route.method,
            url: request.url,
            params: (request.params ?? {}) as Record<string, string>,
            query: queryOf(request),
            body: request.body,
            headers: request.headers,
            id: request.id,
          },
          response: {
            status: (code) => void reply.code(code),
            header: (name, value) => void reply.header(name, value),
          },
        });
        // A route other than GET may have written: the session's next reads must see it (read-position.ts).
        if (route.method !== "GET") await noteWritePosition(core, request, reply);
        if (result === undefined) return reply.code(reply.statusCode === 200 ? 204 : reply.statusCode).send();
        return result;
      },
    });
  }
}
