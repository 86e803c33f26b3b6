/**
 * @module
 * What `dashbase dev` watches: the app's folder, through chokidar, which survives the saves that
 * replace a file (write a temporary file, then rename it over the old one: `sed -i`, vim's
 * default, JetBrains' safe write) where a bare `fs.watch` stops reporting after the first one.
 * Changes are debounced: one editor save (temporary file, rename, backup) is one report.
 */
import path from "node:path";
import type { FSWatcher } from "chokidar";

/** Folders never worth a restart: dependencies, the embedded database, build output. */
const ignoredFolders = new Set(["node_modules", ".git", ".dashbase", "dist"]);
/** `.env` files are dot-files, but a change to one changes the app's settings. */
const dotenvFile = /^\.env(\.[\w-]+)?$/;
/** Editors' own files beside the one saved: backups and JetBrains' safe-write temporaries. */
const editorFile = /(~|___jb_(tmp|old)___)$/;

/**
 * Whether a change at `relative` (to the app's folder) is ignored.
 * @example
 * isIgnored("node_modules/x/index.js"); // true
 * isIgnored(".env.local"); // false
 */
export function isIgnored(relative: string): boolean {
  const parts = relative.split(/[\\/]/).filter((part) => part !== "" && part !== ".");
  const name = parts.at(-1);
  if (name === undefined) return false;
  if (parts.some((part) => ignoredFolders.has(part))) return true;
  if (parts.slice(0, -1).some((part) => part.startsWith("."))) return true;
  if (name.startsWith(".")) return !dotenvFile.test(name);
  return editorFile.test(name);
}

export interface FolderWatch {
  /** Settles when the first scan is done (changes before that may go unseen); rejects when watching cannot start. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watches `folder` and calls `onChange` with the changed paths (relative, sorted) once no change
 * has come for `quietMs`.
 * @example
 * const watching = watchFolder(folder, 150, (names) => restart(names));
 */
export function watchFolder(folder: string, quietMs: number, onChange: (names: readonly string[]) => void): FolderWatch {
  /** Each changed path with its first event in this burst. */
  const changed = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  // chokidar loads here, not with the supervisor: `dev` starts the app first (issue 15).
  const watching: Promise<FSWatcher> = import("chokidar").then(({ watch }) => {
    const watcher = watch(folder, {
      ignoreInitial: true,
      ignored: (file) => file !== folder && isIgnored(path.relative(folder, file)),
    });
    watcher.on("all", (event, file) => {
      const name = path.relative(folder, file) || path.basename(file);
      // A file added and removed in one burst is an editor's temporary (sed -i's "sedXXXXXX"):
      // it is no change of its own, and naming it would only confuse the report.
      if (event === "unlink" && changed.get(name) === "add") changed.delete(name);
      else if (!changed.has(name)) changed.set(name, event);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const names = [...changed.keys()].sort();
        changed.clear();
        if (names.length > 0) onChange(names);
      }, quietMs);
    });
    return watcher;
  });
  const ready = watching.then((watcher) => new Promise<void>((resolve) => watcher.once("ready", () => resolve())));
  return {
    ready,
    close: async () => {
      clearTimeout(timer);
      // A watcher that never started (chokidar failed to load) has nothing to close.
      const watcher = await watching.catch(() => undefined);
      await watcher?.close();
    },
  };
}
