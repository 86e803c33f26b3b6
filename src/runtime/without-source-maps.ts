/**
 * @module
 * Loading a dependency as Node loads it without a TypeScript loader. tsx turns Node's source-map
 * support on for the whole process, so that the app's stack traces point at its `.ts` lines; while
 * it is on, Node reads and parses the source map of every module loaded, including those that
 * packages ship for their built code (pg-protocol's, the 500 KB one of cron-parser's luxon,
 * ajv's). For what dashbase loads after the app that cost about 50 ms of a start (issue 15). Those
 * frames then show the package's built JavaScript, as they do in a process without tsx.
 */

/**
 * Runs `load` (synchronous: a `require`, a constructor that requires) with source-map support off,
 * and turns it back on after when it was on. Nothing else runs in between, so no other module
 * loads and no stack trace is formatted without maps.
 * @example
 * const PgBoss = withoutSourceMaps(() => require("pg-boss"));
 */
export function withoutSourceMaps<T>(load: () => T): T {
  if (!process.sourceMapsEnabled) return load();
  process.setSourceMapsEnabled(false);
  try {
    return load();
  } finally {
    process.setSourceMapsEnabled(true);
  }
}
