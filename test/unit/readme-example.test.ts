/**
 * The README's first code block is what a newcomer runs: it must work as printed.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { it } from "node:test";

const root = path.join(import.meta.dirname, "..", "..");

it("runs the README's table-row-error example and prints the row and the field error", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes("createDatabase"));
  assert.ok(code, "the README has the createDatabase example");
  assert.ok(code.split("\n").filter((line) => line.trim() !== "").length <= 20, "the example stays under 20 lines");
  // Inside the package folder, so that `import ... from "dashbase"` resolves to this package.
  const file = path.join(root, `.readme-example-${process.pid}.ts`);
  fs.writeFileSync(file, code);
  try {
    const run = spawnSync(process.execPath, ["--import", "tsx", file], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: "", DASHBASE_DATA_DIR: ":memory:", DASHBASE_ENV: "development" },
      timeout: 60_000,
    });
    assert.match(run.stdout, /userName: 'ada'/);
    assert.match(run.stderr, /DASHBASE_E_VALIDATION/);
    assert.match(run.stderr, /stars: expected an integer, found "five"/);
  } finally {
    fs.rmSync(file, { force: true });
  }
});

it("shows the minimal example app exactly as it is in examples/minimal/app.ts, but for the import path", () => {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const shown = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!).find((block) => block.includes("examples/minimal/app.ts"));
  assert.ok(shown, "the README shows the minimal app");
  const file = fs.readFileSync(path.join(root, "examples", "minimal", "app.ts"), "utf8");
  const significant = (text: string): string[] =>
    text
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("//") && !line.startsWith("/**"))
      .map((line) => line.replace('"../../src/index.js"', '"dashbase"'));
  assert.deepEqual(significant(shown), significant(file));
  assert.ok(significant(file).length < 30, "the minimal app stays under 30 lines");
});
