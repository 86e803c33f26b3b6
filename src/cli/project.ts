/**
 * @module
 * What the CLI needs from a user's app: its models, its migrations folder and its seed.
 * The app file's default export (from `createApp`) satisfies this; loading it must not open the
 * database or start a server.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Database } from "../db/database.js";
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";

export interface ProjectDefinition {
  /** drizzle tables, usually `import * as models from "./models.js"`; other exports are ignored. */
  readonly models: Readonly<Record<string, unknown>>;
  /** Absolute path of the revisions folder; default `migrations/` beside the app file. */
  readonly migrationsDir?: string | undefined;
  /** Fills the database with the data the app needs; must be safe to run twice. */
  readonly seed?: ((db: Database) => Promise<void>) | undefined;
}

export interface LoadedProject {
  /** Absolute path of the app file. */
  file: string;
  definition: ProjectDefinition;
  migrationsDir: string;
  /** The module's default export as it is (a DashbaseApp for `start`/`dev`). */
  app: unknown;
}

/**
 * Finds the app file: `--app`, else DASHBASE_APP, else package.json `dashbase.app`, else `./app.ts`.
 * @example
 * resolveAppFile(undefined, "/srv/app", {}) // "/srv/app/app.ts"
 */
export function resolveAppFile(
  explicit: string | undefined,
  cwd = process.cwd(),
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (explicit) return path.resolve(cwd, explicit);
  if (env["DASHBASE_APP"]) return path.resolve(cwd, env["DASHBASE_APP"]);
  const pkgPath = path.join(cwd, "package.json");
  if (fs.existsSync(pkgPath)) {
    const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8")) as { dashbase?: { app?: string } };
    if (pkg.dashbase?.app) return path.resolve(cwd, pkg.dashbase.app);
  }
  return path.resolve(cwd, "app.ts");
}

function isProjectDefinition(value: unknown): value is ProjectDefinition {
  return typeof value === "object" && value !== null && typeof (value as { models?: unknown }).models === "object";
}

/**
 * Imports the app file (or `compiled`, its bundle from compiled-app.ts) and checks that its default export carries models.
 * @throws DashbaseError DASHBASE_E_APP_FILE when the file is missing, fails to load, or exports no app.
 * @example
 * const project = await loadProject(resolveAppFile(options.app));
 */
export async function loadProject(file: string, compiled?: string): Promise<LoadedProject> {
  if (!fs.existsSync(file)) {
    throw new DashbaseError(
      "DASHBASE_E_APP_FILE",
      `no app file at ${file}: pass --app path/to/app.ts, set DASHBASE_APP, or add "dashbase": { "app": "..." } to package.json`,
      {
        details: { file },
      },
    );
  }
  let module: { default?: unknown };
  try {
    if (compiled !== undefined) process.setSourceMapsEnabled(true); // its stack traces point at the TypeScript
    module = (await import(pathToFileURL(compiled ?? file).href)) as { default?: unknown };
  } catch (error) {
    // The app's own errors (a syntax error, a throw at the top level) keep their code when they have one.
    if (isDashbaseError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new DashbaseError("DASHBASE_E_APP_FILE", `${file} failed to load: ${message}`, { cause: error, details: { file } });
  }
  const app = module.default;
  if (!isProjectDefinition(app)) {
    throw new DashbaseError(
      "DASHBASE_E_APP_FILE",
      `${file} must \`export default\` the app made by createApp({ models, ... }); found ${app === undefined ? "no default export" : typeof app}`,
      { details: { file } },
    );
  }
  return {
    file,
    definition: app,
    migrationsDir: app.migrationsDir ?? path.join(path.dirname(file), "migrations"),
    app,
  };
}
