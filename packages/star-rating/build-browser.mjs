#!/usr/bin/env node
// Builds the browser module, dist/browser/star-rating-view.js: one ES module whose default export
// is the view. Preact stays a bare import (external): the dashbase page's import map resolves it
// to the renderer's own Preact, so hooks and context work across the two.
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));

await esbuild.build({
  absWorkingDir: here,
  entryPoints: ["src/star-rating-view.tsx"],
  outfile: "dist/browser/star-rating-view.js",
  bundle: true,
  format: "esm",
  minify: true,
  target: ["es2020"],
  jsx: "automatic",
  jsxImportSource: "preact",
  tsconfig: "tsconfig.browser.json",
  external: ["preact", "preact/*"],
  legalComments: "none",
  logLevel: "warning",
});
