/**
 * @module
 * The Fastify server of an app: request ids and structured logs, security headers, body limit,
 * compression, the renderer's fingerprinted files, the app's assets, the page shell, the wire
 * protocol's endpoints and the app's API routes, with every error answered in the coded form.
 */
import { randomUUID } from "node:crypto";
import zlib from "node:zlib";
import fastifyCompress from "@fastify/compress";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from "fastify";
import type { AppCore } from "../app/app-core.js";
import type { ApiRoute } from "../app/api-registry.js";
import type { AppAssets } from "./app-assets.js";
import { staticBase, type ClientBundle } from "./client-bundle.js";
import { componentsBase, type ComponentModules } from "./component-modules.js";
import { registerApiRoutes, registerProtocolRoutes } from "./dashbase-routes.js";
import { errorAnswer } from "./error-reply.js";
import { registerJsonBodyParser } from "./json-body.js";
import { allowImportMap, importMapOf } from "./import-map.js";
import { renderShell } from "./page-shell.js";
import { sessionOf } from "./request-session.js";
import { defaultContentSecurityPolicy, securityHeaders } from "./security-headers.js";
import type { StaticFolder } from "./static-files.js";

export interface BuildServerOptions {
  core: AppCore;
  apiRoutes: readonly ApiRoute[];
  client: ClientBundle;
  assets: AppAssets | undefined;
  /** The browser modules of the component packages the app declares. */
  components?: ComponentModules | undefined;
  production: boolean;
  bodyLimit?: number | undefined;
  logger?: FastifyServerOptions["logger"];
  contentSecurityPolicy?: string | undefined;
  trustProxy?: boolean | undefined;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/** Secrets that must never reach a log line, even when someone logs whole requests. */
const redactPaths = ["req.headers.cookie", 'req.headers["x-dashbase-csrf"]', "req.headers.authorization", 'res.headers["set-cookie"]'];

function loggerOption(logger: FastifyServerOptions["logger"]): FastifyServerOptions["logger"] {
  if (logger === false || logger === undefined) return logger ?? false;
  const base = logger === true ? {} : logger;
  return { level: "info", redact: redactPaths, ...base };
}

async function sendFile(folder: StaticFolder, relative: string, request: FastifyRequest, reply: FastifyReply, cacheControl: string): Promise<FastifyReply> {
  const file = await folder.read(relative, request.headers["accept-encoding"]);
  if (file === undefined) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
  reply.header("cache-control", cacheControl).header("etag", file.etag).header("vary", "Accept-Encoding").type(file.contentType);
  if (file.encoding !== undefined) reply.header("content-encoding", file.encoding);
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  return reply.send(file.body);
}

/**
 * Builds (does not start) the server; `server.inject()` exercises it without a port.
 * @example
 * const server = await buildServer({ core, apiRoutes: [], client, assets: undefined, production: false });
 * const answer = await server.inject({ method: "GET", url: "/_dashbase/health" });
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const { core, client } = options;
  const importMap = client.manifest["preact.js"] === undefined ? undefined : importMapOf(staticBase, client.manifest);
  const policy = options.contentSecurityPolicy ?? defaultContentSecurityPolicy;
  // the page's inline import map is allowed by its hash, and nothing else inline
  const csp = importMap === undefined ? policy : allowImportMap(policy, importMap);
  const server = Fastify({
    logger: loggerOption(options.logger),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && requestIdPattern.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  registerJsonBodyParser(server);

  server.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
    reply.headers(securityHeaders(csp, request.protocol === "https"));
  });

  server.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error, request.id, options.production);
    const code = answer.body.error.code;
    if (answer.logAs === "error") request.log.error({ err: error, code }, `${code}: ${request.method} ${request.url.split("?")[0]} failed`);
    else request.log[answer.logAs]({ code, message: answer.body.error.message }, `${code}: ${request.method} ${request.url.split("?")[0]}`);
    if (answer.status === 503) reply.header("retry-after", "1");
    return reply.code(answer.status).header("cache-control", "no-store").send(answer.body);
  });

  server.setNotFoundHandler((request, reply) => {
    const answer = errorAnswer(new Error("not found"), request.id, options.production);
    return reply.code(404).send({ error: { ...answer.body.error, code: "DASHBASE_E_NOT_FOUND", message: `no route ${request.method} ${request.url.split("?")[0]}` } });
  });

  await server.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ["br", "gzip"],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });

  server.get(`${staticBase}*`, async (request, reply) => {
    const relative = (request.params as { "*": string })["*"];
    const immutable = relative !== "manifest.json";
    return sendFile(client.folder, relative, request, reply, immutable ? "public, max-age=31536000, immutable" : "no-cache");
  });

  const components = options.components;
  server.get(`${componentsBase}:hash/*`, async (request, reply) => {
    const params = request.params as { hash: string; "*": string };
    const folder = components?.folders.get(params.hash);
    if (folder === undefined) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    return sendFile(folder, params["*"], request, reply, "public, max-age=31536000, immutable");
  });

  const assets = options.assets;
  server.get("/assets/*", async (request, reply) => {
    if (assets === undefined) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    return sendFile(assets.folder, (request.params as { "*": string })["*"], request, reply, "no-cache");
  });

  registerProtocolRoutes(server, core);
  registerApiRoutes(server, core, options.apiRoutes);

  const config = { staticBase, manifest: client.manifest };
  const shell = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const session = await sessionOf(core.services.sessions, request, reply);
    const page = await core.render(request.url, session);
    const outside = components === undefined || Object.keys(components.boot).length === 0 ? {} : { components: components.boot };
    const boot = { csrfToken: session.csrfToken, layout: page.layout, title: page.title, path: page.path, dependencies: core.dependencies(), config, ...outside };
    const html = renderShell({
      title: page.title,
      boot,
      mainJs: `${staticBase}${client.mainJs}`,
      mainCss: client.mainCss === undefined ? undefined : `${staticBase}${client.mainCss}`,
      importMap,
      assets: assets?.links ?? { stylesheets: [], scripts: [] },
    });
    return reply.code(page.status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(html);
  };
  server.get("/", shell);
  server.get("/*", shell);
  return server;
}
