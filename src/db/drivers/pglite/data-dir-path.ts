/**
 * @module
 * The real directory behind a configured data directory. PGlite's file layer cannot mount a path
 * that is (or passes through) a symlink, and the lock must be on the directory itself so that a
 * second opener through another path meets it; so the path is resolved first, and a path that
 * cannot be used fails here with what is wrong and what to do.
 */
import fs from "node:fs";
import path from "node:path";
import { DashbaseError } from "../../../errors/dashbase-error.js";

function unusable(dataDir: string, problem: string, fix: string, cause?: unknown): DashbaseError {
  return new DashbaseError(
    "DASHBASE_E_DATA_DIR_UNUSABLE",
    `the embedded database's data directory ${dataDir} cannot be used: ${problem}; ${fix}`,
    {
      details: { dataDir },
      ...(cause === undefined ? {} : { cause }),
    },
  );
}

const otherDir = "or set DASHBASE_DATA_DIR to a directory this process can write";

function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code ?? message;
}

/** What is at `file` itself (a symlink is not followed); undefined when nothing is, or a parent is a file. */
function entryAt(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; creating the directory below then fails with a clear message.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/**
 * Creates the data directory (and its parents) if missing, follows symlinks, and checks that the
 * result is a directory this process can read and write.
 * @returns the real path (no symlinks) of the directory.
 * @throws DashbaseError DASHBASE_E_DATA_DIR_UNUSABLE naming the path and the fix.
 * @example
 * resolveDataDir("/srv/app/data"); // "/mnt/volume/app-data" when /srv/app/data links there
 */
export function resolveDataDir(dataDir: string): string {
  const requested = path.resolve(dataDir);
  const entry = entryAt(requested);
  if (entry?.isSymbolicLink() === true && !fs.existsSync(requested)) {
    const target = path.resolve(path.dirname(requested), fs.readlinkSync(requested));
    throw unusable(
      dataDir,
      `it is a symlink to ${target}, which does not exist (or is a loop of symlinks)`,
      `create ${target}, point the symlink at an existing directory, ${otherDir}`,
    );
  }
  if (entry === undefined) {
    try {
      fs.mkdirSync(requested, { recursive: true });
    } catch (error) {
      throw unusable(
        dataDir,
        `it does not exist and could not be created (${reason(error)})`,
        `check that every parent on the path is a directory (or a symlink to an existing one) that this process may write, ${otherDir}`,
        error,
      );
    }
  }
  let real: string;
  try {
    real = fs.realpathSync(requested);
  } catch (error) {
    throw unusable(dataDir, `its path cannot be resolved (${reason(error)})`, `check the symlinks on the path, ${otherDir}`, error);
  }
  const via = real === requested ? "" : ` (through symlinks: ${real})`;
  if (!fs.statSync(real).isDirectory()) {
    throw unusable(dataDir, `it is not a directory${via}`, `move that file away, ${otherDir}`);
  }
  try {
    fs.accessSync(real, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    throw unusable(
      dataDir,
      `this process may not read and write it${via} (${reason(error)})`,
      `give the user running the app access to it, ${otherDir}`,
      error,
    );
  }
  return real;
}
