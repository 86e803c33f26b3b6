/**
 * @module build-freshness
 * Is a build output newer than everything it is built from? The build steps ask this before
 * working, so `npm start` (which builds first) costs nothing when dist/ is current: the client
 * bundle and each workspace package are rebuilt only when one of their inputs changed since.
 */
import fs from "node:fs";
import path from "node:path";

/** Newest modification time (ms) of the files at or under `paths` (missing ones ignored); 0 if none. */
export function newestMtime(paths, skip = new Set(["node_modules", "dist", ".dashbase"])) {
  let newest = 0;
  const visit = (file) => {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file)) if (!skip.has(entry)) visit(path.join(file, entry));
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const file of paths) visit(file);
  return newest;
}

/** True when `output` exists and is newer than every file under `inputs`. */
export function isFresh(inputs, output) {
  let built;
  try {
    built = fs.statSync(output).mtimeMs;
  } catch {
    return false;
  }
  return newestMtime(inputs) < built;
}
