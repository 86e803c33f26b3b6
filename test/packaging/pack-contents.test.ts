/**
 * @module
 * What `npm pack` would publish: everything the exports, the bin, the browser renderer and the
 * README's links need is in; sources, tests, examples, secrets, databases, scratch files, build
 * bookkeeping and source maps never are. Reads `npm pack --dry-run --json` of the built package
 * (run after `npm run build`, as `npm run test:packaging` and CI do).
 */
import assert from "node:assert/strict";
import semver from "semver";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

const root = path.join(import.meta.dirname, "..", "..");

interface PackEntry {
  path: string;
  size: number;
}
interface PackReport {
  size: number;
  unpackedSize: number;
  files: PackEntry[];
}

interface PackageJson {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

// --ignore-scripts: `prepare` would build, and the test reads what the build already wrote
const report = (
  JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" })) as PackReport[]
)[0]!;
const packed = new Set(report.files.map((file) => file.path));
const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as PackageJson;

describe("npm pack contents", () => {
  it("holds every file the exports and the bin name", () => {
    const targets = Object.values(manifest.exports).flatMap((entry) =>
      typeof entry === "string"
        ? [entry]
        : Object.entries(entry)
            .filter(([condition]) => condition !== "dashbase-source")
            .map(([, target]) => target),
    );
    for (const target of [...targets, ...Object.values(manifest.bin)]) {
      assert.ok(packed.has(target.replace(/^\.\//, "")), `${target} is packed`);
    }
  });

  it("holds the browser renderer: the manifest and every file it names, with their .gz and .br", () => {
    const client = JSON.parse(fs.readFileSync(path.join(root, "dist", "client", "manifest.json"), "utf8")) as Record<string, string>;
    assert.ok(packed.has("dist/client/manifest.json"));
    for (const file of Object.values(client)) {
      for (const variant of [file, `${file}.gz`, `${file}.br`])
        assert.ok(packed.has(`dist/client/${variant}`), `dist/client/${variant} is packed`);
    }
  });

  it("holds every document the README links to", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const links = [...readme.matchAll(/\]\((docs\/[^)#\s]+\.md)(?:#[^)]*)?\)/g)].map((match) => match[1]!);
    assert.ok(links.length > 0);
    for (const link of new Set(links)) assert.ok(packed.has(link), `${link} (linked from the README) is packed`);
    assert.ok(packed.has("docs/getting-started.md"));
  });

  it("never holds sources, tests, examples, secrets, databases, scratch files, build bookkeeping or source maps", () => {
    const forbidden = [
      /^src\//,
      /^test\//,
      /^examples\//,
      /^bench\//,
      /^scripts\//,
      /^packages\//,
      /^scratch\//,
      /^test-artifacts\//,
      /(^|\/)node_modules\//,
      /(^|\/)\.dashbase\//,
      /(^|\/)\.env(\..*)?$/,
      /\.(db|sqlite|sqlite3|pgdata|log|tgz)$/,
      /\.tsbuildinfo$/,
      /^dist\/\.build-stamps\//,
      /\.map$/,
      /^\.ci\//,
      /^\.git/,
    ];
    const offenders = [...packed].filter((file) => forbidden.some((pattern) => pattern.test(file)));
    assert.deepEqual(offenders, []);
  });

  it("stays within its size budget (plotly's two bundles and their compressed copies are most of it)", () => {
    assert.ok(report.size < 8_000_000, `packed ${report.size} bytes`);
    assert.ok(report.unpackedSize < 14_000_000, `unpacked ${report.unpackedSize} bytes`);
  });

  it("asks for drizzle-orm and zod as peers, in a range the repository itself develops against", () => {
    for (const name of ["drizzle-orm", "zod"]) {
      assert.equal(manifest.dependencies[name], undefined, `${name} is not a dependency of its own`);
      const peer = manifest.peerDependencies[name];
      assert.ok(peer, `${name} is a peer`);
      // The repository pins or ranges it; whatever it installs must lie in the range users are asked for.
      const developed = manifest.devDependencies[name]!.replace(/^[~^]/, "");
      assert.ok(semver.satisfies(developed, peer), `${name}: ${developed} (developed against) lies in the peer range ${peer}`);
    }
  });

  it("leaves build-only packages to devDependencies", () => {
    for (const name of ["typescript", "plotly.js-dist-min", "plotly.js-basic-dist-min", "preact", "markdown-it"]) {
      assert.equal(manifest.dependencies[name], undefined, `${name} is needed only to build`);
    }
  });

  it("takes esbuild at run time (clientside callbacks are bundled at start) in a range tsx's own esbuild satisfies, so one copy installs", () => {
    const tsx = JSON.parse(fs.readFileSync(path.join(root, "node_modules", "tsx", "package.json"), "utf8")) as PackageJson;
    const ours = manifest.dependencies["esbuild"];
    assert.ok(ours !== undefined, "esbuild is a dependency");
    assert.equal(manifest.devDependencies["esbuild"], undefined);
    assert.ok(semver.intersects(ours, tsx.dependencies["esbuild"]!), `esbuild ${ours} meets tsx's ${tsx.dependencies["esbuild"]}`);
  });
});
