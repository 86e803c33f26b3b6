#!/usr/bin/env node
// Builds the browser renderer into dist/client/: src/client/main.tsx (ESM, minified, split so
// Markdown and DataTable load only when a page shows one; the component registry derived from
// src/components by scripts/component-views-plugin.mjs) and the stylesheets (src/client/styles.css
// then each component folder's own), with
// content-hashed names; Preact as separate vendor modules (preact, preact/hooks,
// preact/jsx-runtime, preact/compat) that the page's import map names, so the renderer and the
// component packages an app declares share one Preact; copies the two plotly.js bundles under
// hashed names; writes .gz and .br siblings of every file; and writes manifest.json mapping
// logical names ("main.js", "main.css", "preact.js", "plotly-basic.js", "markdown.js", ...) to
// the hashed files. The server serves the folder under /_dashbase/static/ and reads the manifest.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { isFresh } from "./build-freshness.mjs";
import { componentViewsPlugin } from "./component-views-plugin.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outDir = path.join(root, "dist", "client");
const quiet = process.argv.includes("--quiet");
const force = process.argv.includes("--force");
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

function log(message) {
  if (!quiet) console.log(message);
}

const plotlyBundles = [
  { name: "plotly-basic.js", stem: "plotly-basic", file: "node_modules/plotly.js-basic-dist-min/plotly-basic.min.js" },
  { name: "plotly-full.js", stem: "plotly-full", file: "node_modules/plotly.js-dist-min/plotly.min.js" },
];

// Preact as two vendor modules the import map names: one holding preact, preact/hooks and
// preact/jsx-runtime together (every page needs all three: one file compresses better and costs
// one request), and preact/compat on its own with the first left as a bare import. The import
// map resolves all of them for the renderer and for every outside component module alike.
const coreModule = { names: ["preact.js", "preact-hooks.js", "preact-jsx-runtime.js"], out: "preact" };
const compatModule = { specifier: "preact/compat", name: "preact-compat.js", out: "preact-compat" };
const vendorSpecifiers = ["preact", "preact/hooks", "preact/jsx-runtime", "preact/compat"];
// Fragment is the same binding in preact and its jsx runtime: exported once.
const coreSource = `export * from "preact"; export * from "preact/hooks";
export { jsx, jsxs, jsxDEV, jsxAttr, jsxEscape, jsxTemplate } from "preact/jsx-runtime";`;

const shared = {
  absWorkingDir: root,
  outdir: outDir,
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: false,
  target: ["es2020", "chrome90", "firefox90", "safari15"],
  entryNames: "[name]-[hash]",
  legalComments: "none",
  metafile: true,
  logLevel: "warning",
  define: { "process.env.NODE_ENV": '"production"' },
};

// In the compat build every import of Preact but the entry stays bare (esbuild's `external`
// would also hide the entry, as it covers a package's subpaths).
const preactStaysBare = {
  name: "preact-stays-bare",
  setup(build) {
    build.onResolve({ filter: /^preact(\/.*)?$/ }, (args) =>
      args.kind === "entry-point" ? undefined : { path: args.path, external: true },
    );
  },
};

async function compress(file) {
  const data = fs.readFileSync(file);
  const [gz, br] = await Promise.all([
    gzip(data, { level: 9 }),
    brotli(data, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: data.length > 1_000_000 ? 9 : 11,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  ]);
  fs.writeFileSync(`${file}.gz`, gz);
  fs.writeFileSync(`${file}.br`, br);
  return { raw: data.length, gzip: gz.length, brotli: br.length };
}

async function copyPlotly(bundle, manifest, keep) {
  const source = path.join(root, bundle.file);
  const data = fs.readFileSync(source);
  const hash = createHash("sha256").update(data).digest("hex").slice(0, 12);
  const fileName = `${bundle.stem}-${hash}.js`;
  const target = path.join(outDir, fileName);
  manifest[bundle.name] = fileName;
  keep.add(fileName).add(`${fileName}.gz`).add(`${fileName}.br`);
  // plotly is large and never changes between builds of one install: compress it once
  if (fs.existsSync(target) && fs.existsSync(`${target}.gz`) && fs.existsSync(`${target}.br`)) return;
  fs.writeFileSync(target, data);
  const sizes = await compress(target);
  log(`  ${fileName}  ${(sizes.gzip / 1024).toFixed(0)} KB gzipped`);
}

// Everything the bundle is made from: the folders it is built from (new files there count), the
// build scripts, the packages it bundles or copies, and every file the last build actually read
// (esbuild's metafile: src/protocol, src/layout, src/errors, ... whatever the renderer imports).
// When all of it is older than the manifest (written last), the bundle is current and `npm start`
// need not spend seconds rebuilding it.
const inputsRecord = path.join(root, "dist", ".build-stamps", "client-inputs.json");
const inputs = [
  "src/client",
  "src/components",
  "scripts/build-client.mjs",
  "scripts/component-views-plugin.mjs",
  "scripts/build-freshness.mjs",
  "node_modules/esbuild/package.json",
  "node_modules/preact/package.json",
  ...plotlyBundles.map((bundle) => bundle.file),
].map((input) => path.join(root, input));

function isCurrent() {
  const manifestFile = path.join(outDir, "manifest.json");
  if (!fs.existsSync(inputsRecord)) return false;
  const recorded = JSON.parse(fs.readFileSync(inputsRecord, "utf8")).map((input) => path.join(root, input));
  if (!isFresh([...inputs, ...recorded], manifestFile)) return false;
  // a manifest naming a file that is gone (a hand-cleaned folder) means rebuilding after all
  const manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8"));
  return Object.values(manifest).every((file) => fs.existsSync(path.join(outDir, file)));
}

/** Writes the files the two builds read (outside node_modules; esbuild names them relative to root). */
function recordInputs(...metafiles) {
  const read = new Set();
  for (const metafile of metafiles) {
    for (const input of Object.keys(metafile.inputs))
      if (!input.includes("node_modules") && !input.includes(":") && !input.startsWith("<")) read.add(input);
  }
  fs.mkdirSync(path.dirname(inputsRecord), { recursive: true });
  fs.writeFileSync(inputsRecord, `${JSON.stringify([...read].sort(), null, 2)}\n`);
}

async function main() {
  if (!force && isCurrent()) {
    log("dashbase client: dist/client is current");
    return;
  }
  // Loaded only to build: `npm start` runs this on every start, and a current dist/client needs none of it.
  const esbuild = await import("esbuild");
  fs.mkdirSync(outDir, { recursive: true });
  const manifest = {};
  const keep = new Set(["manifest.json"]);
  for (const entry of fs.readdirSync(outDir)) {
    if (!entry.startsWith("plotly-")) fs.rmSync(path.join(outDir, entry), { recursive: true, force: true });
  }

  const core = await esbuild.build({
    ...shared,
    stdin: { contents: coreSource, resolveDir: root, sourcefile: "preact-core.js" },
    outdir: undefined,
    outfile: path.join(outDir, "preact.js"),
    entryNames: undefined,
  });
  const coreFile = `preact-${createHash("sha256")
    .update(fs.readFileSync(path.join(outDir, "preact.js")))
    .digest("hex")
    .slice(0, 8)
    .toUpperCase()}.js`;
  fs.renameSync(path.join(outDir, "preact.js"), path.join(outDir, coreFile));
  for (const name of coreModule.names) manifest[name] = coreFile;
  const compat = await esbuild.build({
    ...shared,
    entryPoints: [{ in: compatModule.specifier, out: compatModule.out }],
    plugins: [preactStaysBare],
  });
  for (const output of Object.keys(compat.metafile.outputs)) manifest[compatModule.name] = path.basename(output);
  const vendor = {
    metafile: { inputs: { ...core.metafile.inputs, ...compat.metafile.inputs }, outputs: { ...compat.metafile.outputs, [coreFile]: {} } },
  };

  const result = await esbuild.build({
    ...shared,
    entryPoints: [
      { in: "src/client/main.tsx", out: "main" },
      { in: "dashbase:styles", out: "main" },
      // development only: main.tsx imports it by the URL the boot data gives (src/server/dev-tools.ts)
      { in: "src/client/dev-tools.tsx", out: "dev-tools" },
    ],
    splitting: true,
    jsx: "automatic",
    jsxImportSource: "preact",
    tsconfig: "src/client/tsconfig.json",
    chunkNames: "chunk-[hash]",
    external: vendorSpecifiers,
    plugins: [componentViewsPlugin({ root })],
  });

  for (const output of Object.keys(vendor.metafile.outputs)) {
    const fileName = path.basename(output);
    keep.add(fileName).add(`${fileName}.gz`).add(`${fileName}.br`);
  }
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    const fileName = path.basename(output);
    keep.add(fileName).add(`${fileName}.gz`).add(`${fileName}.br`);
    if (meta.entryPoint !== undefined) {
      // main.tsx -> "main.js", the stylesheets -> "main.css", a lazily imported markdown-view.tsx -> "markdown-view.js"
      const ext = path.extname(fileName);
      const source = path.basename(meta.entryPoint).replace(/\.(tsx?|css)$/, "");
      const logical = meta.entryPoint === "src/client/main.tsx" || meta.entryPoint.endsWith(":styles") ? `main${ext}` : `${source}${ext}`;
      manifest[logical] = fileName;
    }
  }
  for (const fileName of [...keep]) {
    if (fileName.endsWith(".gz") || fileName.endsWith(".br") || fileName === "manifest.json") continue;
    if (fs.existsSync(path.join(outDir, fileName)) && !fileName.startsWith("plotly-")) await compress(path.join(outDir, fileName));
  }
  for (const bundle of plotlyBundles) await copyPlotly(bundle, manifest, keep);
  for (const entry of fs.readdirSync(outDir)) {
    if (!keep.has(entry)) fs.rmSync(path.join(outDir, entry), { force: true });
  }
  recordInputs(vendor.metafile, result.metafile);
  fs.writeFileSync(path.join(outDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // what a page without a graph downloads up front: main.js, the chunks it imports, main.css,
  // and the Preact modules it imports through the import map (not preact/compat)
  const mainJs = Object.entries(result.metafile.outputs).find(([, meta]) => meta.entryPoint === "src/client/main.tsx");
  const upFront = new Set([manifest["main.css"], manifest["preact.js"], manifest["preact-hooks.js"], manifest["preact-jsx-runtime.js"]]);
  if (mainJs !== undefined) {
    upFront.add(path.basename(mainJs[0]));
    for (const imported of mainJs[1].imports)
      if (imported.kind === "import-statement" && imported.external !== true) upFront.add(path.basename(imported.path));
  }
  let gzipped = 0;
  for (const fileName of upFront) gzipped += fs.statSync(path.join(outDir, `${fileName}.gz`)).size;
  log(
    `dashbase client: ${Object.keys(manifest).length} entries in dist/client/manifest.json; ${(gzipped / 1024).toFixed(1)} KB gzipped up front (JS + CSS, no graph; ${gzipped} of ${upFrontBudget} bytes)`,
  );
  // The budget of issue 16: new code must load lazily where it is used, never with every page.
  if (gzipped > upFrontBudget) {
    throw new Error(
      `the first page now downloads ${gzipped} bytes gzipped up front, over the budget of ${upFrontBudget}: load the new code lazily (a component's view: "lazy", or a dynamic import)`,
    );
  }
}

/** What a page without a graph may download up front, gzipped. */
const upFrontBudget = 30 * 1024;

main().catch((error) => {
  console.error(`build-client: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
