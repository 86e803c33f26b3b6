/**
 * A callback's `source` is the app's file:line, never dashbase's own: from the TypeScript
 * sources, from the built package as npm users run it (plain node, with and without source
 * maps), and from a copy installed under node_modules/dashbase. Needs `npm run build` first.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, it } from "node:test";
import { createApp, Input, Output } from "../../src/index.js";
import type * as Dashbase from "../../src/index.js";

const root = path.join(import.meta.dirname, "..", "..");
const artifacts = path.join(root, "test-artifacts", `caller-source-${process.pid}`);
after(() => fs.rmSync(artifacts, { recursive: true, force: true }));

before(() => {
  assert.ok(fs.existsSync(path.join(root, "dist", "index.js")), "dist/index.js is missing: run `npm run build` first");
});

/** The 1-based line of this file holding `marker`. */
function lineOf(marker: string): number {
  const lines = fs.readFileSync(import.meta.filename, "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(marker) && !line.includes("lineOf("));
  assert.ok(index >= 0, marker);
  return index + 1;
}

/** An app file registering two callbacks (the second with State) and printing their sources. */
const probe = `import { createApp, Input, Output, State } from "dashbase";
const app = createApp({ title: "probe" });
const plain = app.callback([Output("a", "children")], [Input("b", "value")], ([value]) => [value]);
const withState = app.callback([Output("c", "children")], [Input("d", "value")], [State("e", "value")], ([value]) => [value]);
console.log(JSON.stringify([plain.source, withState.source]));
`;

/** Runs `probe` as `file` with plain node (no tsx), returning the two sources it printed. */
function runProbe(file: string, nodeArgs: string[]): unknown {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, probe);
  const run = spawnSync(process.execPath, [...nodeArgs, file], {
    cwd: path.dirname(file),
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!);
}

it("names this file and line when registering through the TypeScript sources", () => {
  const app = createApp({ title: "source" });
  const callback = app.callback([Output("out", "children")], [Input("in", "value")], ([value]) => [value]); // marker: from-src
  assert.equal(callback.source, `${import.meta.filename}:${lineOf("marker: from-src")}`);
});

it('names this file and line when registering through the built package, imported as "dashbase"', async () => {
  // A variable specifier: the typecheck must not need dist/ to exist.
  const specifier = "dashbase";
  const built = (await import(specifier)) as typeof Dashbase;
  const app = built.createApp({ title: "built" });
  const callback = app.callback([built.Output("out", "children")], [built.Input("in", "value")], ([value]) => [value]); // marker: from-dist
  assert.equal(callback.source, `${import.meta.filename}:${lineOf("marker: from-dist")}`);
});

it("names the app's file and line from the built package under plain node, with and without source maps", () => {
  // Inside the package folder, so "dashbase" resolves to its dist/; the folder name has a space and parentheses.
  const file = path.join(artifacts, "my app (copy)", "app.mjs");
  for (const nodeArgs of [[], ["--enable-source-maps"]]) {
    assert.deepEqual(runProbe(file, nodeArgs), [`${file}:3`, `${file}:4`], `node ${nodeArgs.join(" ")}`);
  }
});

it("names the app's file and line when dashbase is installed under node_modules/dashbase", () => {
  const project = path.join(artifacts, "project");
  const installed = path.join(project, "node_modules", "dashbase");
  fs.mkdirSync(installed, { recursive: true });
  fs.copyFileSync(path.join(root, "package.json"), path.join(installed, "package.json"));
  fs.cpSync(path.join(root, "dist"), path.join(installed, "dist"), {
    recursive: true,
    filter: (source) => !source.startsWith(path.join(root, "dist", "client")),
  });
  // A package of its own, so "dashbase" is found in node_modules rather than as this repository's self-reference.
  fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "probe-project", private: true, type: "module" }));
  const file = path.join(project, "app.mjs");
  assert.deepEqual(runProbe(file, []), [`${file}:3`, `${file}:4`]);
  const check = spawnSync(process.execPath, ["--input-type=module", "-e", 'console.log(import.meta.resolve("dashbase"))'], {
    cwd: project,
    encoding: "utf8",
  });
  assert.match(check.stdout, /project\/node_modules\/dashbase\/dist\/index\.js/, "the probe ran the installed copy");
});
