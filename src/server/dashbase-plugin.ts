/**
 * @module
 * dashbase as a Fastify plugin, to mount an app inside a server you already have, under a prefix:
 * `await fastify.register(dashbase, { app, prefix: "/dash" })`. It opens the app's database,
 * store and sessions when registered and closes them with the host server.
 */
import type { FastifyPluginAsync } from "fastify";
import type { AppDefinition } from "../app/app-definition.js";
import { openAppRuntime, type AppRuntimeOptions } from "./app-runtime.js";
import { registerDashbaseRoutes } from "./dashbase-routes-plugin.js";

export interface DashbasePluginOptions extends AppRuntimeOptions {
  /** The app to serve (what `createApp` returned); it is frozen on registration. */
  app: AppDefinition;
}

/**
 * Mounts an app. Pages are declared relative to the prefix (`app.page("/history")` answers at
 * `/dash/history`), and so are `dcc.Link` hrefs; the renderer adds the prefix itself.
 * @example
 * const fastify = Fastify({ logger: true });
 * await fastify.register(dashbase, { app, prefix: "/dash" });
 * await fastify.listen({ port: 3000 });
 */
export const dashbase: FastifyPluginAsync<DashbasePluginOptions> = async (instance, options) => {
  const runtime = await openAppRuntime(options.app, options);
  instance.addHook("onClose", async () => runtime.close());
  try {
    await registerDashbaseRoutes(instance, {
      core: runtime.core,
      client: runtime.client,
      assets: runtime.assets,
      components: runtime.components,
      clientside: runtime.clientside,
      oidc: runtime.oidc,
      production: runtime.settings.profile === "production",
      contentSecurityPolicy: options.app.options.server?.contentSecurityPolicy,
      push: options.app.options.server?.push,
    });
  } catch (error) {
    await runtime.close();
    throw error;
  }
};
