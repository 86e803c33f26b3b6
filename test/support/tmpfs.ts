/**
 * A small tmpfs for storage-fault tests (disk full): mounted on a fresh directory, unmounted and
 * removed afterwards. Mounting needs root; where it cannot mount, `reason` says why.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface Tmpfs {
  path: string;
  /** Fills the tmpfs with a file until writes fail with ENOSPC; returns the file's path. */
  fill(): string;
  unmount(): void;
}

export function mountTmpfs(sizeMb: number): Tmpfs | { reason: string } {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-tmpfs-"));
  const result = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${sizeMb}m`, "tmpfs", mountPoint], { encoding: "utf8" });
  if (result.status !== 0) {
    fs.rmSync(mountPoint, { recursive: true, force: true });
    const uid = process.getuid?.();
    return { reason: `cannot mount a tmpfs (uid ${uid ?? "?"}, needs root): ${(result.stderr || result.error?.message || "").trim()}` };
  }
  let fillers = 0;
  return {
    path: mountPoint,
    fill() {
      fillers += 1;
      const file = path.join(mountPoint, `filler-${fillers}`);
      const fd = fs.openSync(file, "w");
      try {
        for (const size of [1 << 20, 4096, 512]) {
          const chunk = Buffer.alloc(size, 1);
          try {
            for (;;) fs.writeSync(fd, chunk);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      return file;
    },
    unmount() {
      spawnSync("umount", ["-l", mountPoint]);
      fs.rmSync(mountPoint, { recursive: true, force: true });
    },
  };
}
