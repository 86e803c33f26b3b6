/**
 * The layering of src/, read from the import statements: data flows config -> db -> models,
 * migrations, store, session -> callbacks, pages, tables -> app -> server -> runtime -> cli.
 * `app` never imports `server`, the wire protocol imports nothing but itself, layouts never
 * import drizzle, and no file imports itself through a cycle.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";

const src = path.join(import.meta.dirname, "..", "..", "src");
const importPattern = /^\s*(?:import|export)\s[^;]*?from\s+"([^"]+)"|^\s*import\s+"([^"]+)"|import\("([^"]+)"\)/gm;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".d.ts"))
    .map((file) => path.join(dir, file));
}

/** file (relative to src, .ts) -> what it imports: relative files resolved, packages as written. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(src)) {
    const text = fs.readFileSync(file, "utf8");
    const targets: string[] = [];
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2] ?? match[3]!;
      if (!spec.startsWith(".")) {
        targets.push(spec);
        continue;
      }
      const resolved = path.resolve(path.dirname(file), spec).replace(/\.js$/, "");
      const candidate = [".ts", ".tsx"].map((ext) => resolved + ext).find((name) => fs.existsSync(name));
      targets.push(path.relative(src, candidate ?? resolved));
    }
    graph.set(path.relative(src, file), targets);
  }
  return graph;
}

const graph = importGraph();
const folderOf = (file: string): string => file.split(path.sep)[0]!;

it("has no import from app/ into server/, runtime/ or cli/", () => {
  const wrong = [...graph].flatMap(([file, targets]) =>
    folderOf(file) === "app"
      ? targets.filter((target) => ["server", "runtime", "cli"].includes(folderOf(target))).map((target) => `${file} -> ${target}`)
      : [],
  );
  assert.deepEqual(wrong, []);
});

it("keeps the wire protocol free of anything but itself", () => {
  const wrong = [...graph].flatMap(([file, targets]) =>
    folderOf(file) === "protocol"
      ? targets.filter((target) => folderOf(target) !== "protocol").map((target) => `${file} -> ${target}`)
      : [],
  );
  assert.deepEqual(wrong, []);
});

it("keeps layouts plain data: layout/ imports no drizzle", () => {
  const wrong = [...graph].flatMap(([file, targets]) =>
    folderOf(file) === "layout" ? targets.filter((target) => target.startsWith("drizzle")).map((target) => `${file} -> ${target}`) : [],
  );
  assert.deepEqual(wrong, []);
});

it("has no import cycle", () => {
  const state = new Map<string, "open" | "done">();
  const cycles: string[] = [];
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      cycles.push([...trail.slice(trail.indexOf(file)), file].join(" -> "));
      return;
    }
    state.set(file, "open");
    for (const target of graph.get(file) ?? []) if (graph.has(target)) visit(target, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});
