/**
 * @module
 * The browser chunk of an app's clientside callbacks, built with esbuild when the server starts:
 * one ES module that imports each `clientside(moduleUrl, fn)` function from the app's own files
 * (TypeScript as written, with whatever they import) and exports them keyed by callback id. It
 * is content-hashed, held in memory, and served under `/_dashbase/clientside/<hash>.js` with an
 * immutable cache; the renderer imports it only when a page first runs a clientside callback,
 * so the first page's eager code does not grow.
 *
 * Why at start-up rather than at `dashbase build`: apps run from their TypeScript sources with no
 * build step of their own (tsx loads app.ts), and esbuild is already what tsx runs on, so the
 * dependency adds nothing to an install; the bundle takes milliseconds and is built once per process.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CallbackDefinition } from "../callbacks/callback-registry.js";
import { DashbaseError } from "../errors/dashbase-error.js";

/** Where the clientside chunk is served from. */
export const clientsideBase = "/_dashbase/clientside/";

/** The built chunk of one app's clientside callbacks. */
export interface ClientsideBundle {
  /** `<hash>.js`, the file name under `clientsideBase`. */
  readonly fileName: string;
  readonly code: string;
  /** `"<hash>"`, the ETag. */
  readonly etag: string;
}

function bundleError(message: string, cause?: unknown): DashbaseError {
  return new DashbaseError("DASHBASE_E_CLIENTSIDE_BUNDLE", message, cause === undefined ? {} : { cause });
}

/** The browser-safe `dashbase/clientside` module of this copy of dashbase (its sources, or its build). */
function clientsideEntryOfDashbase(): string {
  const built = fileURLToPath(new URL("../clientside/index.js", import.meta.url));
  return fs.existsSync(built) ? built : fileURLToPath(new URL("../clientside/index.ts", import.meta.url));
}

/**
 * Checks that each function is what its module exports under the function's name: the server
 * has the module loaded already (the app file imported it), so this is a lookup, not a second run.
 */
async function checkExports(callbacks: readonly CallbackDefinition[]): Promise<void> {
  for (const callback of callbacks) {
    const { ref } = callback.clientside!;
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(ref.file).href)) as Record<string, unknown>;
    } catch (error) {
      throw bundleError(
        `clientside callback "${callback.id}": ${ref.file} cannot be loaded (${error instanceof Error ? error.message : String(error)}); a clientside module must load without a browser (define functions; touch document and window only inside them)`,
        error,
      );
    }
    if (module[ref.exportName] !== ref.fn) {
      throw bundleError(
        `clientside callback "${callback.id}": ${ref.file} does not export this function as "${ref.exportName}"; export it under its own name (export function ${ref.exportName}(...) {...}) and pass that export to clientside(moduleUrl, fn)`,
      );
    }
  }
}

/** The generated entry: each function imported from its module, exported keyed by callback id. */
function entrySource(callbacks: readonly CallbackDefinition[]): string {
  const lines = callbacks.map((callback, index) => {
    const { ref } = callback.clientside!;
    return `import { ${ref.exportName} as f${index} } from ${JSON.stringify(ref.file)};`;
  });
  const entries = callbacks.map((callback, index) => `${JSON.stringify(callback.id)}: f${index}`);
  return `${lines.join("\n")}\nexport default { ${entries.join(", ")} };\n`;
}

/**
 * Bundles the app's clientside callbacks for the browser; undefined when it declares none.
 * @throws DashbaseError DASHBASE_E_CLIENTSIDE_BUNDLE naming the file and line esbuild refused,
 *   or the function its module does not export under its name.
 * @example
 * const bundle = await bundleClientside(app.callbacks.all());
 * bundle?.fileName; // "3f2a09c1d4e5b6a7.js"
 */
export async function bundleClientside(all: readonly CallbackDefinition[]): Promise<ClientsideBundle | undefined> {
  const callbacks = all.filter((callback) => callback.clientside !== undefined);
  if (callbacks.length === 0) return undefined;
  await checkExports(callbacks);
  // Loaded only by apps that have clientside callbacks.
  const esbuild = await import("esbuild");
  let code: string;
  try {
    const result = await esbuild.build({
      stdin: { contents: entrySource(callbacks), loader: "js", resolveDir: process.cwd(), sourcefile: "dashbase-clientside-entry.js" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      target: ["es2020", "chrome90", "firefox90", "safari15"],
      minify: true,
      legalComments: "none",
      logLevel: "silent",
      // One tiny browser-safe module for noUpdate / PreventUpdate, whatever "dashbase" resolves to in the app.
      alias: { "dashbase/clientside": clientsideEntryOfDashbase() },
    });
    code = result.outputFiles[0]!.text;
  } catch (error) {
    const failure = error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
    const first = failure.errors?.[0];
    const where = first?.location ? ` at ${first.location.file}:${first.location.line}:${first.location.column}` : "";
    throw bundleError(
      `the clientside callbacks' modules do not bundle for the browser${where}: ${first?.text ?? String(error)}; a clientside module may import "dashbase/clientside" and browser code, not the server's "dashbase"`,
      error,
    );
  }
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  return Object.freeze({ fileName: `${hash}.js`, code, etag: `"${hash}"` });
}
