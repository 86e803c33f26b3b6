/**
 * @module
 * The prebuilt browser renderer: `manifest.json` maps logical names (`main.js`, `main.css`,
 * `plotly-basic.js`, ...) to fingerprinted files, served under `/_dashbase/static/` with a
 * year-long immutable cache.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DashbaseError } from "../errors/dashbase-error.js";
import { StaticFolder } from "./static-files.js";
import { staticPath } from "../protocol/endpoints.js";

/** Where the renderer's files are served from. */
export const staticBase = staticPath;

/** The package's built renderer: dist/client beside dist/server (or beside src/server when run from source). */
export function defaultClientDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "client");
}

export interface ClientBundle {
  readonly folder: StaticFolder;
  readonly manifest: Readonly<Record<string, string>>;
  /** Fingerprinted name of the entry script and stylesheet. */
  readonly mainJs: string;
  readonly mainCss: string | undefined;
}

/**
 * Reads the manifest of the built renderer.
 * @throws DashbaseError DASHBASE_E_CLIENT_NOT_BUILT when it is missing or has no main.js.
 */
export function loadClientBundle(dir: string): ClientBundle {
  const file = path.join(dir, "manifest.json");
  let manifest: Record<string, string>;
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new DashbaseError(
      "DASHBASE_E_CLIENT_NOT_BUILT",
      `the browser renderer is not built: expected ${file}, found ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : "a file that is not JSON"}; run \`npm run build\` in the dashbase package (or pass createApp({ server: { clientDir } }))`,
      { cause: error },
    );
  }
  const mainJs = manifest["main.js"];
  if (typeof mainJs !== "string") {
    throw new DashbaseError(
      "DASHBASE_E_CLIENT_NOT_BUILT",
      `${file}: expected a "main.js" entry, found ${Object.keys(manifest).join(", ") || "none"}; run \`npm run build\``,
    );
  }
  return Object.freeze({ folder: new StaticFolder(dir), manifest: Object.freeze({ ...manifest }), mainJs, mainCss: manifest["main.css"] });
}
