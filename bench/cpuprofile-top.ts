/**
 * The functions a `.cpuprofile` (from `node --cpu-prof`) spent the most time in: self time (the
 * function's own code) and total time (with what it called), as percentages of the samples.
 *
 *   npx tsx bench/cpuprofile-top.ts CPU.123.cpuprofile [how many, default 30]
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, countText] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: cpuprofile-top.ts <file.cpuprofile> [count]");
  process.exit(2);
}
const count = Number(countText ?? 30);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[] };
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node: Node): string => {
  const url = node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|dist|examples)\//, "$1/");
  return `${node.callFrame.functionName || "(anonymous)"} ${url}:${node.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const id of profile.samples) {
  const node = byId.get(id)!;
  self.set(name(node), (self.get(name(node)) ?? 0) + 1);
  // Each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const key = name(byId.get(at)!);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + 1);
  }
}
const samples = profile.samples.length;
const show = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title} (${samples} samples)`);
  for (const [key, n] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count))
    console.log(`${((100 * n) / samples).toFixed(1).padStart(5)}%  ${key}`);
};
show("self time", self);
show("total time", total);
