/**
 * @module
 * The embedded database's own thread: one PGlite (in-thread-pglite.ts) that runs the statements
 * posted to it one at a time, in the order posted, and posts each answer back. Once a statement
 * ends PGlite (a PANIC), every later one is refused unsent: sent, it would spin forever.
 */
import { parentPort, workerData } from "node:worker_threads";
import { SerialQueue } from "../../../runtime/serial-queue.js";
import { InThreadPglite } from "./in-thread-pglite.js";
import { ormTextRequest } from "./orm-parsers.js";
import { endsEngine } from "./pglite-engine.js";
import type { ThreadAnswer, ThreadOpened, ThreadRequest, ThreadStart } from "./pglite-thread-messages.js";
import { carryThrown } from "./thrown-across-threads.js";

const port = parentPort!;
const start = workerData as ThreadStart;

function answer(request: ThreadRequest, engine: InThreadPglite): Promise<unknown> {
  switch (request.op) {
    case "query":
      return engine.query(request.text, request.params, {
        ...(request.rowMode === undefined ? {} : { rowMode: request.rowMode }),
        ...(request.orm ? { parsers: ormTextRequest } : {}),
      });
    case "exec":
      return engine.exec(request.script);
    case "begin":
      return engine.begin();
    case "end":
      return engine.end(request.commit);
    case "close":
      return engine.close();
  }
}

let engine: InThreadPglite;
try {
  engine = await InThreadPglite.open({
    dataDir: start.dataDir,
    ...(start.template === undefined ? {} : { template: new Blob([start.template]) }),
    ...(start.memoryMb === undefined ? {} : { memoryMb: start.memoryMb }),
    ...(start.tierUp === undefined ? {} : { tierUp: start.tierUp }),
  });
} catch (error) {
  port.postMessage({ opened: false, error: carryThrown(error) } satisfies ThreadOpened);
  port.close();
  process.exit(0);
}

const queue = new SerialQueue();
let ended: unknown;
port.on("message", (request: ThreadRequest) => {
  void queue.run(async () => {
    let reply: ThreadAnswer;
    try {
      if (ended !== undefined) throw ended;
      reply = { id: request.id, value: await answer(request, engine) };
    } catch (error) {
      if (endsEngine(error)) ended = error;
      reply = { id: request.id, error: carryThrown(error) };
    }
    try {
      port.postMessage(reply);
    } catch (error) {
      // An answer that cannot be copied (a value a custom parser made) is refused, not lost.
      port.postMessage({ id: request.id, error: carryThrown(error) } satisfies ThreadAnswer);
    }
  });
});
port.postMessage({ opened: true } satisfies ThreadOpened);
