/**
 * @module
 * Everything dashbase serves, registered on one Fastify instance or encapsulated context (which
 * may carry a prefix): security headers and request ids, the coded error answers, the JSON body
 * parser, compression, the renderer's fingerprinted files, the app's assets, the page shell, the
 * wire protocol's endpoints and the app's API routes. It takes a running `AppCore`; opening the
 * services is the caller's business.
 */
import zlib from "node:zlib";
import fastifyCompress from "@fastify/compress";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { AppCore } from "../app/app-core.js";
import { DashbaseError } from "../errors/dashbase-error.js";
import { splitUrl } from "../pages/page-render.js";
import { apiPrefixes, isApiPath } from "./api-paths.js";
import type { AppAssets } from "./app-assets.js";
import { BasePath } from "../protocol/base-path.js";
import { staticBase, type ClientBundle } from "./client-bundle.js";
import { componentsBase, type ComponentModules } from "./component-modules.js";
import { clientsideBase, type ClientsideBundle } from "./clientside-bundle.js";
import { allowImportMap, importMapOf } from "./import-map.js";
import { registerApiRoutes, registerProtocolRoutes } from "./dashbase-routes.js";
import { errorAnswer } from "./error-reply.js";
import { registerJsonBodyParser } from "./json-body.js";
import { isAppPath } from "../pages/page-redirect.js";
import { pageMetaOf, renderShell } from "./page-shell.js";
import { sessionOf } from "./request-session.js";
import type { Session } from "../session/session-manager.js";
import { authEnabled } from "../auth/auth-options.js";
import { registerSignInLinkRoute } from "../auth/sign-in-link-route.js";
import { defaultContentSecurityPolicy, securityHeaders } from "./security-headers.js";
import { registerDevEvents } from "./dev-events.js";
import { devStack, isDevToolsFile, registerDevTools, withoutDevTools } from "./dev-tools.js";
import { readPositionOf } from "./read-position.js";
import type { StaticFolder } from "./static-files.js";
import { registerPushRoutes } from "../push/push-routes.js";
import { pushPath, pushPollPath } from "../protocol/endpoints.js";
import { authOptionsOf } from "../auth/auth-options.js";
import { registerAuthRoutes } from "../auth/auth-routes.js";
import { oidcLinks, type OidcSignIns } from "../auth/oidc-providers.js";
import { registerOidcRoutes } from "../auth/oidc-routes.js";

export interface DashbaseRoutesOptions {
  core: AppCore;
  client: ClientBundle;
  assets: AppAssets | undefined;
  /** The browser modules of the component packages the app declares. */
  components?: ComponentModules | undefined;
  /** The browser chunk of the app's clientside callbacks. */
  clientside?: ClientsideBundle | undefined;
  production: boolean;
  /** The development profile: pages reload themselves when the app restarts (`/_dashbase/dev/events`). */
  development?: boolean | undefined;
  contentSecurityPolicy?: string | undefined;
  /** The app's OpenID Connect providers (sign-in routes under /_dashbase/auth/oidc/). */
  oidc?: OidcSignIns | undefined;
  /** Limits of the push channel's streams (per session, per process) and their heartbeat. */
  push?: { maxStreamsPerSession?: number; heartbeatMs?: number } | undefined;
}

async function sendFile(
  folder: StaticFolder,
  relative: string,
  request: FastifyRequest,
  reply: FastifyReply,
  cacheControl: string,
): Promise<FastifyReply> {
  const file = await folder.read(relative, request.headers["accept-encoding"]);
  if (file === undefined) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
  reply.header("cache-control", cacheControl).header("etag", file.etag).header("vary", "Accept-Encoding").type(file.contentType);
  if (file.encoding !== undefined) reply.header("content-encoding", file.encoding);
  if (request.headers["if-none-match"] === file.etag) return reply.code(304).send();
  return reply.send(file.body);
}

/**
 * Registers dashbase on `server` (a root instance or a prefixed context: `instance.prefix` becomes
 * the base of every URL the pages use).
 * @example
 * await fastify.register(async (instance) => registerDashbaseRoutes(instance, { core, client, assets, production }), { prefix: "/dash" });
 */
export async function registerDashbaseRoutes(server: FastifyInstance, options: DashbaseRoutesOptions): Promise<void> {
  const { core, client } = options;
  const basePath = server.prefix.replace(/\/+$/, "");
  const mount = new BasePath(basePath);
  const importMap = client.manifest["preact.js"] === undefined ? undefined : importMapOf(`${basePath}${staticBase}`, client.manifest);
  const policy = options.contentSecurityPolicy ?? defaultContentSecurityPolicy;
  // The page's inline import map is allowed by its hash, and nothing else inline.
  const csp = importMap === undefined ? policy : allowImportMap(policy, importMap);
  registerJsonBodyParser(server);

  // Worked out once, not per request; a callback hook, so no promise per request either.
  const overHttp = securityHeaders(csp, false);
  const overHttps = securityHeaders(csp, true);
  server.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    reply.headers(request.protocol === "https" ? overHttps : overHttp);
    done();
  });

  // `dashbase dev`: the page's dev tools (dev-tools.ts); a production server registers none of it.
  const developing = options.development === true && !options.production;

  server.setErrorHandler((error, request, reply) => {
    const answer = errorAnswer(error, request.id, options.production);
    // the dev tools show where it failed; outside development the stack stays in the log
    const stack = developing ? devStack(error) : undefined;
    if (stack !== undefined) answer.body.error = { ...answer.body.error, stack };
    const code = answer.body.error.code;
    if (answer.logAs === "error") request.log.error({ err: error, code }, `${code}: ${request.method} ${request.url.split("?")[0]} failed`);
    else request.log[answer.logAs]({ code, message: answer.body.error.message }, `${code}: ${request.method} ${request.url.split("?")[0]}`);
    if (answer.status === 503) reply.header("retry-after", "1");
    return reply.code(answer.status).header("cache-control", "no-store").send(answer.body);
  });

  server.setNotFoundHandler((request, reply) => {
    const answer = errorAnswer(new Error("not found"), request.id, options.production);
    return reply.code(404).send({
      error: { ...answer.body.error, code: "DASHBASE_E_NOT_FOUND", message: `no route ${request.method} ${request.url.split("?")[0]}` },
    });
  });

  await server.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ["br", "gzip"],
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } },
  });

  server.get(`${staticBase}*`, async (request, reply) => {
    const relative = (request.params as { "*": string })["*"];
    if (!developing && isDevToolsFile(relative, client)) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
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

  const clientside = options.clientside;
  server.get(`${clientsideBase}:file`, async (request, reply) => {
    if (clientside === undefined || (request.params as { file: string }).file !== clientside.fileName)
      return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    reply.header("cache-control", "public, max-age=31536000, immutable").header("etag", clientside.etag);
    if (request.headers["if-none-match"] === clientside.etag) return reply.code(304).send();
    return reply.type("text/javascript; charset=utf-8").send(clientside.code);
  });

  const assets = options.assets;
  server.get("/assets/*", async (request, reply) => {
    if (assets === undefined) return reply.code(404).type("text/plain; charset=utf-8").send("not found");
    return sendFile(assets.folder, (request.params as { "*": string })["*"], request, reply, "no-cache");
  });

  // The one-time sign-in link route exists only when the app has users (before the /_dashbase/* catch-all).
  if (authEnabled(core.definition.options)) registerSignInLinkRoute(server, core);
  if (options.oidc !== undefined) registerOidcRoutes(server, core, options.oidc, basePath);
  registerProtocolRoutes(server, core);
  registerApiRoutes(server, core, core.definition.apiRoutes);
  const hub = core.services.push;
  if (hub !== undefined)
    registerPushRoutes(server, {
      hub,
      sessions: core.services.sessions,
      topics: core.topics,
      authorize: (topics, session) => core.assertTopics(topics, session),
      ...options.push,
    });
  // Only pages of an app that listens to topics open the channel (and load its code); a page
  // lists the topics its session may subscribe to (access rules), so it never asks for others.
  const pushFor = async (session: Session): Promise<Record<string, unknown>> =>
    !core.offersPush
      ? {}
      : { push: { stream: `${basePath}${pushPath}`, poll: `${basePath}${pushPollPath}`, topics: await core.topicsFor(session) } };

  const dev = developing ? { dev: { ...registerDevEvents(server, basePath), ...registerDevTools(server, core, client, basePath) } } : {};
  // A page outside development names no dev tools file, not even in the manifest it carries.
  const manifest = developing ? client.manifest : withoutDevTools(client.manifest);
  const config = { staticBase: `${basePath}${staticBase}`, basePath, manifest };
  const assetLinks = assets?.links ?? { stylesheets: [], scripts: [] };
  const links = {
    stylesheets: assetLinks.stylesheets.map((href) => `${basePath}${href}`),
    scripts: assetLinks.scripts.map((src) => `${basePath}${src}`),
  };
  const outside =
    components === undefined || Object.keys(components.boot).length === 0
      ? {}
      : {
          components: Object.fromEntries(
            Object.entries(components.boot).map(([type, entry]) => [type, { ...entry, module: `${basePath}${entry.module}` }]),
          ),
        };
  const auth = authOptionsOf(core.definition.options);
  if (auth !== undefined) {
    const mainCss = client.mainCss === undefined ? [] : [`${config.staticBase}${client.mainCss}`];
    // The OpenID Connect providers appear on the sign-in page beside the app's own links.
    const providers = [...auth.providers, ...oidcLinks(options.oidc, basePath)];
    await registerAuthRoutes(server, { core, auth: { ...auth, providers }, mount, stylesheets: [...mainCss, ...links.stylesheets] });
  }
  const apiPaths = apiPrefixes(core.definition.apiRoutes);
  const shell = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    // Pages are declared relative to the mount point: "/dash/history" renders the page "/history".
    const url = mount.toApp(request.url);
    // A miss under the API's paths answers JSON (api-paths.ts); a page declared there still wins.
    const { path: pathname } = splitUrl(url);
    if (isApiPath(pathname, apiPaths) && core.definition.pages.match(pathname).page === undefined) {
      throw new DashbaseError("DASHBASE_E_NOT_FOUND", `no API route ${request.method} ${request.url.split("?")[0]}`);
    }
    const session = await sessionOf(core.services.sessions, request, reply);
    const page = await core.render(url.startsWith("/") ? url : `/${url}`, session, readPositionOf(request));
    if (page.redirect !== undefined && isAppPath(page.redirect.location)) {
      return reply
        .code(page.redirect.status)
        .header("cache-control", "no-store")
        .redirect(mount.toBrowser(page.redirect.location), page.redirect.status);
    }
    const boot = {
      csrfToken: session.csrfToken,
      layout: page.layout,
      title: page.title,
      path: page.path,
      dependencies: core.dependencies(),
      config,
      ...outside,
      ...(clientside === undefined ? {} : { clientside: `${basePath}${clientsideBase}${clientside.fileName}` }),
      ...dev,
      ...(await pushFor(session)),
    };
    const html = renderShell({
      title: page.title,
      meta: pageMetaOf(page.meta, `${request.protocol}://${request.host}`, basePath),
      boot,
      mainJs: `${config.staticBase}${client.mainJs}`,
      mainCss: client.mainCss === undefined ? undefined : `${config.staticBase}${client.mainCss}`,
      importMap,
      assets: links,
    });
    return reply.code(page.status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(html);
  };
  server.get("/", shell);
  server.get("/*", shell);
}
