/**
 * The functions a `.cpuprofile` (from `node --cpu-prof`) spent the most time in: self time (the
 * function's own code) and total time (with what it called), as percentages of the busy samples
 * (idle ones left out). Samples of the first `skip` seconds (start-up, migrations) are left out
 * too; a negative `skip` keeps only the last seconds.
 *
 *   npx tsx bench/cpuprofile-top.ts CPU.123.cpuprofile [how many, default 30] [skip seconds, default 0]
 */
import fs from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, countText, skipText] = process.argv.slice(2);
if (file === undefined) {
  console.error("usage: cpuprofile-top.ts <file.cpuprofile> [count]");
  process.exit(2);
}
const count = Number(countText ?? 30);
const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
const duration = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
// A negative skip keeps only the last seconds (the load, after a start-up of unknown length).
const skipSeconds = Number(skipText ?? 0);
const skipUs = skipSeconds < 0 ? duration + skipSeconds * 1e6 : skipSeconds * 1e6;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node: Node): string => {
  const url = node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(src|dist|examples)\//, "$1/");
  return `${node.callFrame.functionName || "(anonymous)"} ${url}:${node.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const total = new Map<string, number>();
let at = 0;
let samples = 0;
for (const [index, id] of profile.samples.entries()) {
  at += profile.timeDeltas[index] ?? 0;
  const node = byId.get(id)!;
  if (at < skipUs || node.callFrame.functionName === "(idle)") continue;
  samples += 1;
  self.set(name(node), (self.get(name(node)) ?? 0) + 1);
  // Each function once per sample, however deep it recurses.
  const seen = new Set<string>();
  for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
    const key = name(byId.get(up)!);
    if (seen.has(key)) continue;
    seen.add(key);
    total.set(key, (total.get(key) ?? 0) + 1);
  }
}
const show = (title: string, map: Map<string, number>): void => {
  console.log(`\n${title} (${samples} busy samples)`);
  for (const [key, n] of [...map].sort((a, b) => b[1] - a[1]).slice(0, count))
    console.log(`${((100 * n) / samples).toFixed(1).padStart(5)}%  ${key}`);
};
show("self time", self);
show("total time", total);
