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
 */
export function resolveAppFile(explicit: string | undefined, cwd = process.cwd(), env = process.env): string {
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

/** Imports the app file and checks that its default export carries models. */
export async function loadProject(file: string): Promise<LoadedProject> {
  if (!fs.existsSync(file)) {
    throw new Error(`no app file at ${file}: pass --app path/to/app.ts, set DASHBASE_APP, or add "dashbase": { "app": "..." } to package.json`);
  }
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  const app = module.default;
  if (!isProjectDefinition(app)) {
    throw new Error(`${file} must \`export default\` the app made by createApp({ models, ... }); found ${app === undefined ? "no default export" : typeof app}`);
  }
  return {
    file,
    definition: app,
    migrationsDir: app.migrationsDir ?? path.join(path.dirname(file), "migrations"),
    app,
  };
}
