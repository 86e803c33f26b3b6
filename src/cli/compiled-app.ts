/**
 * @module
 * A TypeScript app compiled once into one JavaScript module, so that the CLI can import it without
 * registering tsx. tsx's loader runs on a thread of its own which `register()` waits for, and every
 * module imported afterwards passes through it: about 0.4 s of a 1.8 s start of the flagship on two
 * cores (issue 15). esbuild, which tsx itself runs on, bundles the app's own files (its packages
 * stay imports, loaded by Node as before) into `node_modules/.cache/dashbase/`, the nearest
 * `node_modules` above the app, so a bare import resolves to the same package; later starts reuse
 * the bundle while none of its files, and no tsconfig.json or package.json above the app, has
 * changed.
 *
 * The bundle behaves as the files it holds: `import.meta.url`, `dirname` and `filename` are each
 * file's own, and stack traces point at the TypeScript lines (source maps on, as tsx does). An app
 * whose files do what a bundle cannot keep is loaded with tsx instead, as before: a computed
 * `import()`, an `import.meta.resolve()` of anything but a package name, `require()`, a package
 * whose entry is TypeScript (Node cannot load it; tsx can), a `#name` import that names a package,
 * and clientside callbacks (dashbase imports their modules again by path, and they must be the
 * same modules). So is an app that fails to bundle, so that its errors read as they always did.
 * `DASHBASE_APP_LOADER=tsx` turns the bundle off (`compiled`, the default, leaves it on).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { BuildResult, Plugin } from "esbuild";
import { DashbaseError } from "../errors/dashbase-error.js";
import { loadProject, type LoadedProject } from "./project.js";

/** The app files TypeScript compiles (a `.js` app is imported as it is). */
const typeScriptFile = /\.(?:[cm]?ts|tsx)$/;

/** What a bundle cannot do as the separate files did (see the module comment). */
const needsSeparateFiles = [
  /\bimport\s*\(\s*(?!["'][^"']*["']\s*[,)])/, // import() of a computed name (a written one is bundled)
  /\bimport\.meta\.resolve\s*\(\s*(?!["'][^"'./][^"']*["']\s*\))/, // of anything but a package name
  /\brequire\s*\(/,
  /\bclientside\b/,
];

interface Manifest {
  /** Each bundled file (and each tsconfig.json and package.json above the app) as it was: size and mtime; -1 when absent. */
  inputs: Record<string, [number, number]>;
  /** esbuild's version and this module's way of bundling: either changing makes a new bundle. */
  builtBy: string;
  /** The app does something a bundle cannot keep: load it with tsx (until one of its files changes). */
  refused: boolean;
}

/** Bumped whenever what the bundle holds changes. */
const bundleFormat = 1;

/** Who builds the bundle: esbuild's version (read from its package.json, without loading esbuild) and the format. */
function builder(): string {
  const { version } = createRequire(import.meta.url)("esbuild/package.json") as { version: string };
  return `esbuild ${version}, format ${bundleFormat}`;
}

/** The nearest existing `node_modules` folder at or above `dir`. */
function nearestNodeModules(dir: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const candidate = path.join(at, "node_modules");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(at) === at) return undefined;
  }
}

/** Every tsconfig.json and package.json from the app's folder up to the project's (their settings shape the output). */
function settingsFilesAbove(appDir: string, projectDir: string): string[] {
  const found: string[] = [];
  for (let at = appDir; ; at = path.dirname(at)) {
    found.push(path.join(at, "tsconfig.json"), path.join(at, "package.json"));
    if (at === projectDir || path.dirname(at) === at) return found;
  }
}

function stamp(file: string): [number, number] {
  try {
    const stat = fs.statSync(file);
    return [stat.size, stat.mtimeMs];
  } catch {
    return [-1, -1];
  }
}

function unchanged(manifest: Manifest): boolean {
  if (manifest.builtBy !== builder()) return false;
  return Object.entries(manifest.inputs).every(([file, [size, mtime]]) => {
    const [nowSize, nowMtime] = stamp(file);
    return nowSize === size && nowMtime === mtime;
  });
}

/** Whether the package `name`, imported from `importer`, has a TypeScript file as its entry. */
function typeScriptPackage(name: string, importer: string): boolean {
  if (name.startsWith("node:")) return false;
  try {
    return typeScriptFile.test(createRequire(importer).resolve(name));
  } catch {
    return false; // a package only `import` reaches, or none: Node says so when the app loads
  }
}

function loaderOf(file: string): "ts" | "tsx" | "js" | "jsx" {
  if (/\.[cm]?ts$/.test(file)) return "ts";
  if (file.endsWith(".tsx")) return "tsx";
  return file.endsWith(".jsx") ? "jsx" : "js";
}

/** Each `import.meta` property a bundle would change, written out as the file's own value. */
function pinnedImportMeta(source: string, file: string): string {
  return source
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(file).href))
    .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(file))
    .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(path.dirname(file)));
}

/**
 * The compiled module to import for the TypeScript app `appFile`, built now when none is current;
 * undefined when the app is to be loaded with tsx (not TypeScript, no `node_modules` to keep the
 * bundle in, something a bundle cannot keep, a failed build, or `DASHBASE_APP_LOADER=tsx`).
 * @throws DashbaseError DASHBASE_E_CONFIG for a DASHBASE_APP_LOADER other than `compiled` or `tsx`.
 * @example
 * const compiled = await compiledApp("/srv/app/app.ts", process.env); // ".../node_modules/.cache/dashbase/app-1f2e....mjs"
 */
export async function compiledApp(appFile: string, env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const loader = env["DASHBASE_APP_LOADER"];
  if (loader !== undefined && loader !== "compiled" && loader !== "tsx")
    throw new DashbaseError(
      "DASHBASE_E_CONFIG",
      `DASHBASE_APP_LOADER=${JSON.stringify(loader)}: expected "compiled" (the default) or "tsx"`,
    );
  if (loader === "tsx" || !typeScriptFile.test(appFile) || !fs.existsSync(appFile)) return undefined;
  const appDir = path.dirname(appFile);
  const nodeModules = nearestNodeModules(appDir);
  if (nodeModules === undefined) return undefined;
  const cacheDir = path.join(nodeModules, ".cache", "dashbase");
  const name = `app-${createHash("sha256").update(appFile).digest("hex").slice(0, 16)}`;
  const outFile = path.join(cacheDir, `${name}.mjs`);
  const manifestFile = path.join(cacheDir, `${name}.json`);
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
    if (unchanged(manifest)) {
      if (manifest.refused) return undefined;
      if (fs.existsSync(outFile)) return outFile;
    }
  } catch {
    // no bundle yet, or an unreadable manifest: build one
  }
  return build(appFile, { appDir, projectDir: path.dirname(nodeModules), cacheDir, outFile, manifestFile });
}

async function build(
  appFile: string,
  where: { appDir: string; projectDir: string; cacheDir: string; outFile: string; manifestFile: string },
): Promise<string | undefined> {
  const esbuild = await import("esbuild");
  let refused = false;
  // Each file as it was when read: a change made while the bundle builds then still makes a new one.
  const readAs = new Map<string, [number, number]>();
  // The app's own files (not its packages') with import.meta pinned, noting what a bundle cannot keep.
  const ownFiles: Plugin = {
    name: "dashbase-own-files",
    setup(plugin) {
      // A package whose entry is TypeScript needs tsx: Node cannot load it, and a failed load stays failed.
      plugin.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === ownFiles) return undefined;
        const resolved = await plugin.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: ownFiles,
        });
        if (resolved.external && typeScriptPackage(args.path, args.importer)) refused = true;
        // A `#name` import left to Node would resolve from the bundle's folder, outside the app's package.
        if (resolved.external && args.path.startsWith("#")) refused = true;
        return resolved;
      });
      plugin.onLoad({ filter: /\.(?:[cm]?[jt]s|[jt]sx)$/ }, async (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        readAs.set(args.path, stamp(args.path));
        const source = await fs.promises.readFile(args.path, "utf8");
        if (needsSeparateFiles.some((pattern) => pattern.test(source))) refused = true;
        return { contents: pinnedImportMeta(source, args.path), loader: loaderOf(args.path) };
      });
    },
  };
  const inputs: Manifest["inputs"] = {};
  for (const settings of settingsFilesAbove(where.appDir, where.projectDir)) inputs[settings] = stamp(settings);
  let result: BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build({
      entryPoints: [appFile],
      bundle: true,
      packages: "external",
      platform: "node",
      format: "esm",
      target: `node${process.versions.node.split(".")[0]}`,
      sourcemap: "linked",
      sourcesContent: false,
      metafile: true,
      write: false,
      outfile: where.outFile,
      logLevel: "silent",
      plugins: [ownFiles],
    });
  } catch {
    return undefined; // tsx loads it and words the error as before
  }
  for (const input of Object.keys(result.metafile.inputs)) {
    const file = path.resolve(input);
    inputs[file] = readAs.get(file) ?? stamp(file);
  }
  // Written under new names and renamed into place: another process starting now reads whole files.
  // A refused app keeps only its manifest, which says so.
  const files = refused ? [] : result.outputFiles.map((output) => ({ path: output.path, contents: output.contents }));
  files.push({
    path: where.manifestFile,
    contents: Buffer.from(JSON.stringify({ inputs, builtBy: builder(), refused } satisfies Manifest)),
  });
  fs.mkdirSync(where.cacheDir, { recursive: true });
  const suffix = `.${process.pid}.tmp`;
  for (const file of files) fs.writeFileSync(file.path + suffix, file.contents);
  for (const file of files) fs.renameSync(file.path + suffix, file.path);
  return refused ? undefined : where.outFile;
}

/**
 * Loads the app at `file` for the CLI: compiled once when it can be, else with the loader that
 * `registerAppLoader` registers (tsx).
 * @example
 * const loaded = await loadAppFile("/srv/app/app.ts", process.env, registerTsx);
 */
export async function loadAppFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  registerAppLoader: () => Promise<void>,
): Promise<LoadedProject> {
  const compiled = await compiledApp(file, env);
  if (compiled !== undefined) return loadProject(file, compiled);
  await registerAppLoader();
  return loadProject(file);
}
