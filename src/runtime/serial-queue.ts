/**
 * @module
 * Tasks run one at a time, in the order they were queued: a chain of promises. The embedded
 * database's statements go through one (pglite-instance.ts). async-mutex's `runExclusive` did the
 * same at 4.5-6 µs a call against 0.3 µs here (its compiled generators and semaphore bookkeeping),
 * and a saved row makes several calls.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  /**
   * Runs `task` once every task queued before it has settled; a task that fails does not stop the
   * ones after it.
   * @example
   * const rows = await queue.run(() => client.query("select 1"));
   */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
