/**
 * @module
 * The app compiled once for the CLI (src/cli/compiled-app.ts): each file keeps its own
 * `import.meta`, stack traces point at the TypeScript, the bundle is reused until a file changes,
 * and an app a bundle cannot keep (or one that does not build) is left to tsx.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, describe, it } from "node:test";
import { compiledApp } from "../../src/cli/compiled-app.js";

const projects: string[] = [];
after(() => {
  for (const dir of projects) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project folder with a node_modules folder and the given files (paths relative to it). */
function project(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-compiled-")));
  projects.push(dir);
  fs.mkdirSync(path.join(dir, "node_modules"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const twoFiles = {
  "src/app.ts": [
    'import { where, fail } from "./lib/where.js";',
    "const here: string = import.meta.url;",
    "export default { models: {}, here, dir: import.meta.dirname, lib: where(), fail };",
  ].join("\n"),
  "src/lib/where.ts": [
    "export const where = (): { url: string; file: string } => ({ url: import.meta.url, file: import.meta.filename });",
    "export function fail(): never {",
    '  throw new Error("from the library");',
    "}",
  ].join("\n"),
};

describe("the app compiled once for the CLI", () => {
  it("bundles the app into node_modules/.cache, each file keeping its own import.meta, with TypeScript stack traces", async () => {
    const dir = project(twoFiles);
    const appFile = path.join(dir, "src", "app.ts");
    const compiled = await compiledApp(appFile, {});
    assert.ok(compiled !== undefined, "a bundle was built");
    assert.equal(path.dirname(compiled), path.join(dir, "node_modules", ".cache", "dashbase"));
    process.setSourceMapsEnabled(true);
    const app = (await import(pathToFileURL(compiled).href)) as {
      default: { here: string; dir: string; lib: { url: string; file: string }; fail: () => never };
    };
    assert.equal(app.default.here, pathToFileURL(appFile).href);
    assert.equal(app.default.dir, path.join(dir, "src"));
    assert.equal(app.default.lib.url, pathToFileURL(path.join(dir, "src", "lib", "where.ts")).href);
    assert.equal(app.default.lib.file, path.join(dir, "src", "lib", "where.ts"));
    assert.throws(app.default.fail, (error: Error) => {
      assert.match(error.stack ?? "", /src\/lib\/where\.ts:3/, "the frame names the TypeScript file and line");
      return true;
    });
  });

  it("reuses the bundle until one of the app's files changes", async () => {
    const dir = project(twoFiles);
    const appFile = path.join(dir, "src", "app.ts");
    const first = (await compiledApp(appFile, {}))!;
    const builtAt = fs.statSync(first).mtimeMs;
    assert.equal(await compiledApp(appFile, {}), first);
    assert.equal(fs.statSync(first).mtimeMs, builtAt, "not built again");
    const lib = path.join(dir, "src", "lib", "where.ts");
    fs.writeFileSync(lib, fs.readFileSync(lib, "utf8").replace("from the library", "changed in the library"));
    fs.utimesSync(lib, new Date(), new Date(Date.now() + 5_000)); // a different mtime even on a coarse clock
    assert.equal(await compiledApp(appFile, {}), first);
    assert.match(fs.readFileSync(first, "utf8"), /changed in the library/, "built again with the change");
  });

  it("leaves to tsx an app a bundle cannot keep, one that does not build, a JavaScript app, and DASHBASE_APP_LOADER=tsx", async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ["a computed import()", { "app.ts": "const name = './page.js';\nexport default { models: {}, page: () => import(name) };" }],
      [
        "require()",
        { "app.ts": 'declare const require: (name: string) => unknown;\nexport default { models: {}, fs: require("node:fs") };' },
      ],
      ["a relative import.meta.resolve()", { "app.ts": 'export default { models: {}, at: import.meta.resolve("./data.csv") };' }],
      ["clientside callbacks", { "app.ts": 'import { clientside } from "dashbase";\nexport default { models: {}, clientside };' }],
      ["a syntax error", { "app.ts": "export default { models: {, };" }],
      [
        "a #name import of a package",
        {
          "package.json": JSON.stringify({ type: "module", imports: { "#fs": "node:fs" } }),
          "app.ts": 'import fs from "#fs";\nexport default { models: {}, fs };',
        },
      ],
    ];
    for (const [what, files] of cases) {
      const dir = project(files);
      assert.equal(await compiledApp(path.join(dir, "app.ts"), {}), undefined, what);
      // ...and says so again without building (the refusal is kept until a file changes)
      assert.equal(await compiledApp(path.join(dir, "app.ts"), {}), undefined, what);
    }
    const plain = project({ "app.js": "export default { models: {} };", "app.ts": "export default { models: {} };" });
    assert.equal(await compiledApp(path.join(plain, "app.js"), {}), undefined, "a JavaScript app");
    assert.equal(await compiledApp(path.join(plain, "app.ts"), { DASHBASE_APP_LOADER: "tsx" }), undefined, "turned off");
    await assert.rejects(
      compiledApp(path.join(plain, "app.ts"), { DASHBASE_APP_LOADER: "esbuild" }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "DASHBASE_E_CONFIG");
        assert.match(error.message, /DASHBASE_APP_LOADER="esbuild": expected "compiled" \(the default\) or "tsx"/);
        return true;
      },
    );
    const local = project({
      "package.json": JSON.stringify({ type: "module", imports: { "#lib": "./lib.ts" } }),
      "app.ts": 'import { lib } from "#lib";\nexport default { models: {}, lib };',
      "lib.ts": "export const lib = 1;",
    });
    assert.ok((await compiledApp(path.join(local, "app.ts"), {})) !== undefined, "a #name import of the app's own file is bundled");
    const written = project({
      "app.ts": 'export default { models: {}, page: () => import("./page.js") };',
      "page.ts": "export const page = 1;",
    });
    assert.ok((await compiledApp(path.join(written, "app.ts"), {})) !== undefined, "a written import() is bundled");
  });

  it("loads the app with tsx when one of its packages is TypeScript, which Node cannot load on its own", () => {
    const dir = project({
      "package.json": JSON.stringify({ type: "module" }),
      "node_modules/typed-pkg/package.json": JSON.stringify({ name: "typed-pkg", type: "module", exports: "./index.ts" }),
      "node_modules/typed-pkg/index.ts": "export const answer: number = 42;",
      "app.ts": 'import { answer } from "typed-pkg";\nexport default { models: {}, answer };',
    });
    // A process without tsx, as `dashbase` runs: the CLI's loadAppFile from the build, tsx registered only when asked.
    const loader = pathToFileURL(path.resolve(import.meta.dirname, "..", "..", "dist", "cli", "compiled-app.js")).href;
    const tsx = import.meta.resolve("tsx/esm/api");
    const script = [
      `const { loadAppFile } = await import(${JSON.stringify(loader)});`,
      "let registered = false;",
      `const loaded = await loadAppFile(${JSON.stringify(path.join(dir, "app.ts"))}, {}, async () => {`,
      "  registered = true;",
      `  (await import(${JSON.stringify(tsx)})).register();`,
      "});",
      "console.log(JSON.stringify({ registered, answer: loaded.app.answer }));",
    ].join("\n");
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { registered: true, answer: 42 });
  });
});
