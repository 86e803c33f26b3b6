/**
 * @module
 * `dashbase/server`: mounting an app into a Fastify server of your own.
 */
export { dashbase, type DashbasePluginOptions } from "./dashbase-plugin.js";
export { serverOptions } from "./build-server.js";
export type { AppRuntimeOptions } from "./app-runtime.js";
