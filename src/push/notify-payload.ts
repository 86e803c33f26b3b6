/**
 * @module
 * The payload of the push channel's NOTIFY: the ids of the messages one statement stored,
 * comma-separated. A transaction that NOTIFYs takes a lock shared by the whole server and holds
 * it until its commit is on disk, so such transactions commit one after another, each waiting for
 * its own WAL flush; messages published while one is on its way are therefore stored and
 * announced together by the next statement (pg-notifier.ts), as group commit does for WAL.
 */

/**
 * The ids of a NOTIFY payload (a single id is one too); anything that is not a safe integer is
 * skipped, since the channel is open to any client of the database.
 * @example
 * idsOfPayload("12,13"); // [12, 13]
 */
export function idsOfPayload(payload: string | undefined): number[] {
  if (payload === undefined || payload === "") return [];
  return payload
    .split(",")
    .filter((text) => /^\d+$/.test(text))
    .map(Number)
    .filter((id) => Number.isSafeInteger(id));
}
