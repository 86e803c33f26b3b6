/**
 * What `dashbase dev` ignores in the app's folder, and the error page's escaping: the pieces of
 * the dev loop that need no process to check (app-dev.test.ts runs the real thing).
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { errorPageHtml } from "../../src/cli/dev-error-page.js";
import { isIgnored } from "../../src/cli/dev-watch.js";

it("ignores dependencies, the data folder, build output, dot-files and editors' backups, but not .env files", () => {
  for (const name of [
    "node_modules/x/index.js",
    ".dashbase/data/pg",
    "dist/app.js",
    ".git/index",
    ".app.ts.swp",
    ".idea/workspace.xml",
    "app.ts~",
    "app.ts___jb_tmp___",
    "app.ts___jb_old___",
    "sub/.cache/x.ts",
  ])
    assert.equal(isIgnored(name), true, name);
  for (const name of [
    "app.ts",
    "models.ts",
    "pages/history.ts",
    ".env",
    ".env.local",
    ".env.development",
    "migrations/0001_init.sql",
    "assets/style.css",
  ])
    assert.equal(isIgnored(name), false, name);
});

it("the error page escapes the app's output and names its own server instance", () => {
  const html = errorPageHtml(
    "the app exited with code 1 before it listened",
    `Expected ";" but found "<script>alert(1)</script>"`,
    "instance-1",
  );
  assert.ok(!html.includes("<script>alert(1)</script>"), "the output is escaped");
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /"instance-1"/);
  assert.match(html, /\/_dashbase\/dev\/events/);
});
