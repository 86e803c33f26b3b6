/**
 * A PGlite data directory made once per machine and reused, so each test database starts in
 * well under a second instead of paying initdb's seconds.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";

const packageJson = path.join(path.dirname(fileURLToPath(import.meta.resolve("@electric-sql/pglite"))), "..", "package.json");
const version = (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string }).version;
const cachePath = path.join(os.tmpdir(), `dashbase-pglite-template-${version}.tar.gz`);
let pending: Promise<Blob> | undefined;

async function build(): Promise<Blob> {
  if (fs.existsSync(cachePath)) return new Blob([fs.readFileSync(cachePath)]);
  const pglite = await PGlite.create();
  const dump = await pglite.dumpDataDir("gzip");
  await pglite.close();
  const tmp = `${cachePath}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(tmp, cachePath);
  return dump;
}

/** The template tarball for `createDatabase({ template })`. */
export function pgliteTemplate(): Promise<Blob> {
  pending ??= build();
  return pending;
}
