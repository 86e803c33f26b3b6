/**
 * @module
 * The server half of the page's dev tools, development profile only: the boot data names the
 * panel's module (a chunk of its own that no production page references, and that a production
 * server refuses to serve) and `GET /_dashbase/dev/problems`, which lists the app's validation
 * problems and warnings; error answers carry the error's stack (see devStack). Nothing here is
 * registered outside `dashbase dev` / DASHBASE_ENV=development.
 */
import type { FastifyInstance } from "fastify";
import type { AppCore } from "../app/app-core.js";
import { developmentProblems } from "../app/app-validation.js";
import { maskSecrets } from "../config/mask-secret.js";
import { staticBase, type ClientBundle } from "./client-bundle.js";

/** The path of the problems list, below the mount point. */
export const devProblemsPath = "/_dashbase/dev/problems";

/** The manifest's name of the panel's module. */
export const devToolsModule = "dev-tools.js";

/** What the page's boot data says about the dev tools (beside `events` and `instance`). */
export interface DevToolsBoot {
  /** The panel's module, with the mount point; absent when the renderer was built without it. */
  readonly tools?: string;
  /** `GET` it for `{ problems, warnings }`. */
  readonly problems: string;
}

const MAX_STACK_CHARS = 8000;
const MAX_CAUSES = 5;

/**
 * The stack of `error` and of its causes (a failed callback's DashbaseError wraps the app's own
 * exception), secrets masked, for a development error answer. Undefined for a thrown non-Error.
 * @example
 * devStack(new DashbaseError("DASHBASE_E_CALLBACK_FAILED", "...", { cause })); // "DashbaseError: ...\n    at ...\nCaused by: TypeError: ..."
 */
export function devStack(error: unknown): string | undefined {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < MAX_CAUSES) {
    parts.push(current.stack ?? `${current.name}: ${current.message}`);
    current = current.cause;
  }
  if (parts.length === 0) return undefined;
  return maskSecrets(parts.join("\nCaused by: ")).slice(0, MAX_STACK_CHARS);
}

/**
 * Whether the file below `/_dashbase/static/` is the panel's module (or one of its compressed
 * siblings), which only a development server serves.
 */
export function isDevToolsFile(relative: string, client: ClientBundle): boolean {
  const file = client.manifest[devToolsModule];
  return file !== undefined && relative.replace(/\.(gz|br)$/, "") === file;
}

/** The manifest a page carries outside development: without the dev tools' entry. */
export function withoutDevTools(manifest: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (manifest[devToolsModule] === undefined) return manifest;
  const { [devToolsModule]: _devTools, ...rest } = manifest;
  return rest;
}

/**
 * Registers the problems route on `server` and returns what the boot data says.
 * @example
 * const tools = registerDevTools(server, core, client, basePath); // boot.dev = { ...events, ...tools }
 */
export function registerDevTools(server: FastifyInstance, core: AppCore, client: ClientBundle, basePath: string): DevToolsBoot {
  server.get(devProblemsPath, async (_request, reply) => {
    reply.header("cache-control", "no-store");
    const definition = core.definition;
    return developmentProblems(definition.pages, definition.callbacks, definition.options.callbacks?.allowDynamicIds === true);
  });
  const file = client.manifest[devToolsModule];
  return {
    ...(file === undefined ? {} : { tools: `${basePath}${staticBase}${file}` }),
    problems: `${basePath}${devProblemsPath}`,
  };
}
