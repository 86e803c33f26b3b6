/**
 * @module
 * The development channel that makes an open tab reload after `dashbase dev` restarts the app:
 * `GET /_dashbase/dev/events` is a Server-Sent Events stream whose first event names this server
 * instance. The page knows the instance that rendered it (boot data `dev.instance`); when its
 * stream reconnects to another instance (a restarted app, or the dev supervisor's error page),
 * it reloads. Registered only in the development profile: production has no such route.
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";

/** The path of the stream, below the mount point. */
export const devEventsPath = "/_dashbase/dev/events";

/** What the page's boot data carries in development. */
export interface DevBoot {
  /** The stream's URL, with the mount point. */
  readonly events: string;
  /** This server instance: a stream that names another one means the app was restarted. */
  readonly instance: string;
}

/**
 * The opening of a stream naming `instance`. `retry` is short because a restart leaves the port
 * closed for a moment and the page should come back as soon as the new app listens.
 * @example
 * response.write(devHello("3f2a..."));
 */
export function devHello(instance: string): string {
  return `retry: 300\nevent: hello\ndata: ${JSON.stringify({ instance })}\n\n`;
}

/**
 * Registers the stream on `server` and returns what the page's boot data says about it.
 * @example
 * const dev = registerDevEvents(instance, basePath); // boot.dev = dev
 */
export function registerDevEvents(server: FastifyInstance, basePath: string): DevBoot {
  const instance = randomUUID();
  const open = new Set<ServerResponse>();
  server.get(devEventsPath, (request, reply) => {
    // The stream outlives the handler: Fastify must not answer (nor compress) it.
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-request-id": request.id,
    });
    response.write(devHello(instance));
    open.add(response);
    request.raw.once("close", () => open.delete(response));
  });
  // An open stream is never idle: without this, stopping the app would wait for the shutdown
  // timeout whenever a tab is open, and every restart would take that long.
  server.addHook("preClose", async () => {
    for (const response of open) response.end();
    open.clear();
  });
  return { events: `${basePath}${devEventsPath}`, instance };
}
