/**
 * @module
 * node-postgres, loaded once for the server driver, the push hub's listener and pg-boss. On
 * Node 20, pg checks whether it runs in a Cloudflare Worker by building a `Response`, which makes
 * Node load its whole fetch implementation: about 60 ms of every start, for a class nothing else
 * uses (issue 15). Node 21 and later have a global `navigator`, which pg reads first; while pg
 * loads, it gets the same answer here. A pg without that check loses nothing by it;
 * test/unit/pg-module-canary.test.ts says when the check is gone and this can go too. Every other
 * module takes pg from here (ESLint refuses a value import of "pg" elsewhere in src/): the first
 * load is the one that counts.
 */
import { createRequire } from "node:module";
import type pg from "pg";
import { withoutSourceMaps } from "../runtime/without-source-maps.js";

const require = createRequire(import.meta.url);

function loadPg(): typeof pg {
  const load = (): typeof pg => withoutSourceMaps(() => require("pg") as typeof pg);
  if ("navigator" in globalThis) return load();
  Object.defineProperty(globalThis, "navigator", { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
  try {
    return load();
  } finally {
    delete (globalThis as { navigator?: unknown }).navigator;
  }
}

/** The `pg` module (what `import pg from "pg"` gives). */
export const pgModule: typeof pg = loadPg();
