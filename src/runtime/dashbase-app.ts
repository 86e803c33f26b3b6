/**
 * @module
 * `createApp` and the app as users hold it: the declaration (`AppDefinition`) plus the easy path
 * to serve it, `createServer()` (no port, for tests and tools) and `listen()`. Mounting into a
 * server of your own goes through the `dashbase` Fastify plugin instead (`dashbase/server`).
 */
import type { FastifyInstance, FastifyServerOptions } from "fastify";
import { AppDefinition } from "../app/app-definition.js";
import type { AppServices } from "../app/app-core.js";
import type { CreateAppOptions } from "../app/app-options.js";
import { loadSettings } from "../config/load-settings.js";
import type { Settings } from "../config/settings.js";
import { capYoungGeneration, defaultYoungGenerationMb } from "../config/young-generation.js";
import { defaultOldGenerationGrowthPercent, limitOldGenerationGrowth } from "../config/old-generation.js";
import { openAppRuntime, type AppRuntimeOptions } from "../server/app-runtime.js";
import { buildServer } from "../server/build-server.js";
import { devLogger } from "../server/dev-log.js";
import { productionLogger } from "../server/production-logger.js";

/**
 * Production logs every request as one JSON line for the log pipeline, written asynchronously;
 * development keeps the terminal readable (pino-pretty, one line per request); tests stay quiet.
 */
async function defaultLogger(profile: Settings["profile"]): Promise<FastifyServerOptions["logger"]> {
  switch (profile) {
    case "production":
      return productionLogger();
    case "development":
      return devLogger();
    case "test":
      return false;
  }
}

/** A server built but not listening: `fastify.inject()` drives it. */
export interface AppServer {
  readonly fastify: FastifyInstance;
  /** The database, store and sessions the server runs on. */
  readonly services: AppServices;
  /** Stops the server (finishing requests in flight) and closes the store, sessions and database it opened. */
  close(): Promise<void>;
}

export type CreateServerOptions = AppRuntimeOptions;

export interface ListenOptions extends CreateServerOptions {
  host?: string;
  port?: number;
}

/** A listening app. */
export interface RunningApp {
  readonly url: string;
  readonly server: AppServer;
  close(): Promise<void>;
}

/**
 * A dashbase app: declare pages, callbacks and tables, then `listen()` (or `export default app` for the CLI).
 * @example
 * const app = createApp({ title: "Indicators", models });
 * app.page("/", { title: "Explore", layout: () => html.Div([dcc.Input({ id: "name" }), html.P({ id: "hello" })]) });
 * app.callback([Output("hello", "children")], [Input<string>("name", "value")], ([name]) => [`Hello ${name ?? ""}`]);
 * export default app;
 */
export class DashbaseApp<
  Models extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>,
> extends AppDefinition<Models> {
  /**
   * The given settings, else the environment's and `.env` files', with the app's own `env` schema
   * checked in the same message; `say` logs what is worth knowing about those (which database, and why).
   */
  private settingsFor(given: Settings | undefined): { settings: Settings; say: (fastify: FastifyInstance) => void } {
    if (given !== undefined) return { settings: given, say: () => undefined };
    const settings = loadSettings({ dotenv: true, ...(this.options.env === undefined ? {} : { appEnv: this.options.env }) });
    const notices = [settings.origin?.databaseNotice, ...(settings.origin?.notices ?? [])].filter((text) => text !== undefined);
    return { settings, say: (fastify) => notices.forEach((text) => fastify.log.warn(text)) };
  }

  /** Builds the server without listening (opens the database, store and sessions unless given); freezes the app. */
  async createServer(overrides: CreateServerOptions = {}): Promise<AppServer> {
    const own = this.settingsFor(overrides.settings ?? this.options.settings);
    const runtime = await openAppRuntime(this, { ...overrides, settings: own.settings });
    const server = this.options.server ?? {};
    const development = runtime.settings.profile === "development";
    let fastify: FastifyInstance;
    try {
      fastify = await buildServer({
        core: runtime.core,
        client: runtime.client,
        assets: runtime.assets,
        components: runtime.components,
        clientside: runtime.clientside,
        oidc: runtime.oidc,
        production: runtime.settings.profile === "production",
        development,
        bodyLimit: server.bodyLimit,
        logger: server.logger ?? (await defaultLogger(runtime.settings.profile)),
        requestLines: development && server.logger === undefined,
        requestLog: server.requestLog ?? runtime.settings.server.requestLog,
        contentSecurityPolicy: server.contentSecurityPolicy,
        push: server.push,
        trustProxy: server.trustProxy ?? runtime.settings.server.trustProxy,
        requestTimeoutMs: server.requestTimeoutMs,
        headersTimeoutMs: server.headersTimeoutMs,
        keepAliveTimeoutMs: server.keepAliveTimeoutMs,
        maxParamLength: server.maxParamLength,
      });
    } catch (error) {
      await runtime.close();
      throw error;
    }
    fastify.addHook("onClose", async () => runtime.close());
    own.say(fastify);
    let closing: Promise<void> | undefined;
    return {
      fastify,
      services: runtime.core.services,
      close: () => (closing ??= closeWithin(fastify, server.shutdownTimeoutMs ?? 10_000)),
    };
  }

  /**
   * Starts serving on HOST/PORT from the environment (or the options), closing gracefully on
   * SIGTERM and SIGINT: stop accepting, finish requests in flight, close the pool.
   * @example
   * const { url, close } = await app.listen();
   */
  async listen(options: ListenOptions = {}): Promise<RunningApp> {
    const { settings, say } = this.settingsFor(options.settings ?? this.options.settings);
    const server = await this.createServer({ ...options, settings });
    say(server.fastify);
    capYoungGeneration(settings.server.youngGenerationMb ?? defaultYoungGenerationMb);
    limitOldGenerationGrowth(settings.server.oldGenerationGrowthPercent ?? defaultOldGenerationGrowthPercent);
    const host = options.host ?? this.options.server?.host ?? settings.server.host;
    const port = options.port ?? this.options.server?.port ?? settings.server.port;
    try {
      await server.fastify.listen({ host, port });
    } catch (error) {
      await server.close();
      throw error;
    }
    const address = server.fastify.server.address();
    const actualPort = typeof address === "object" && address !== null ? address.port : port;
    const shownHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
    const url = `http://${shownHost}:${actualPort}`;
    const signals: NodeJS.Signals[] = ["SIGTERM", "SIGINT"];
    const onSignal = (signal: NodeJS.Signals): void => {
      server.fastify.log.info({ signal }, "shutting down: finishing requests in flight");
      void stop().then(
        () => server.fastify.log.info("shut down"),
        (error: unknown) => {
          server.fastify.log.error({ err: error }, "shutdown failed");
          process.exitCode = 1;
        },
      );
    };
    const stop = async (): Promise<void> => {
      for (const signal of signals) process.off(signal, onSignal);
      await server.close();
    };
    if (this.options.server?.handleSignals !== false) for (const signal of signals) process.once(signal, onSignal);
    server.fastify.log.info({ url }, `${this.title} is listening on ${url}`);
    return { url, server, close: stop };
  }
}

/**
 * Closes the server: no new connections, requests in flight finish, and keep-alive connections
 * are closed as soon as they fall idle (a connection busy when close began would otherwise stay
 * open until its keep-alive ran out). After `timeoutMs` every connection is cut.
 */
async function closeWithin(fastify: FastifyInstance, timeoutMs: number): Promise<void> {
  const deadline = setTimeout(() => fastify.server.closeAllConnections(), timeoutMs);
  const sweep = setInterval(() => fastify.server.closeIdleConnections(), 50);
  deadline.unref();
  sweep.unref();
  try {
    await fastify.close();
  } finally {
    clearTimeout(deadline);
    clearInterval(sweep);
  }
}

/**
 * Creates an app. Nothing is opened until `listen()` / `createServer()` (or `dashbase start`).
 * @example
 * import * as models from "./models.js";
 * const app = createApp({ title: "Indicators", models, seed });
 * export default app;
 */
export function createApp<Models extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>>(
  options: CreateAppOptions<Models> = {},
): DashbaseApp<Models> {
  return new DashbaseApp(options);
}
