/**
 * A child process for the data-directory lock race: on "go <dir> <startAtMs>" it waits until
 * that moment (so all contenders start together), tries to take the lock and prints "got" or
 * "refused <code>"; on "release" it lets go of a lock it holds and prints "released".
 */
import readline from "node:readline";
import { lockDataDir, type DataDirLock } from "../../src/db/drivers/pglite/data-dir-lock.js";
import { isDashbaseError } from "../../src/errors/dashbase-error.js";

let lock: DataDirLock | undefined;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const [command, dir, startAt] = line.split(" ");
  if (command === "go") {
    while (Date.now() < Number(startAt)) {
      // Spin rather than sleep: a timer would add up to a millisecond of spread between contenders.
    }
    try {
      lock = lockDataDir(dir!);
      say("got");
    } catch (error) {
      say(isDashbaseError(error) ? `refused ${error.code}` : `error ${String(error)}`);
    }
  } else if (command === "release") {
    lock?.release();
    lock = undefined;
    say("released");
  }
});
say("ready");
