/**
 * @module
 * The SQL over `dashbase_push` (created with the other internal tables): storing a message,
 * reading what a stream is owed after an id, handing a gone tab's undelivered messages to the
 * owner's next fresh stream, marking deliveries, and pruning old rows. Parameterized only.
 */
import type { Queryable } from "../db/database.js";
import { checkHandle } from "../db/handle-guard.js";
import { InsertLane } from "../db/insert-lane.js";
import type { PushRow } from "./push-message.js";

/** What one tab's stream receives: its own messages, its owner's, and its topics'. */
export interface StreamFilter {
  readonly owner: string;
  readonly tab: string;
  readonly topics: readonly string[];
}

type RawRow = { id: string | number; owner: string | null; tab: string | null; topic: string | null; payload: unknown };

const columns = "id::text AS id, owner, tab, topic, payload";

function rowOf(raw: RawRow): PushRow {
  return { id: Number(raw.id), owner: raw.owner, tab: raw.tab, topic: raw.topic, payload: JSON.parse(String(raw.payload)) as unknown };
}

/**
 * True when `row` is for the stream `filter` describes (the same test as `rowsAfter`'s WHERE).
 * @example
 * rowMatches(row, { owner: "o1", tab: "t1", topics: ["saved-views"] });
 */
export function rowMatches(row: PushRow, filter: StreamFilter): boolean {
  if (row.topic !== null) return filter.topics.includes(row.topic) && (row.owner === null || row.owner === filter.owner);
  if (row.tab !== null) return row.tab === filter.tab;
  return row.owner === filter.owner;
}

/** A message to store: for a tab, an owner's tabs, or a topic's subscribers (the owner's only, with an owner). */
export interface NewPushRow {
  owner: string | null;
  tab: string | null;
  topic: string | null;
  payloadJson: string;
}

/**
 * The most messages one statement stores: their ids, comma-separated, must fit a NOTIFY payload
 * (under 8,000 bytes; an id has at most 16 digits).
 */
export const maxRowsPerStatement = 64;

/**
 * The INSERT of `rows` and its parameters: a lone message (the common case at low load) as a
 * plain VALUES row, planned and sent faster than arrays; several as one array per column.
 * JSON as text, not jsonb: jsonb cannot hold the character U+0000, which user input may carry.
 */
function insertOf(rows: readonly NewPushRow[]): { text: string; params: unknown[] } {
  const text = "INSERT INTO dashbase_push (owner, tab, topic, payload) ";
  if (rows.length === 1) {
    const [row] = rows as [NewPushRow];
    return { text: `${text}VALUES ($1, $2, $3, $4)`, params: [row.owner, row.tab, row.topic, row.payloadJson] };
  }
  return {
    text: `${text}SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
    params: [rows.map((row) => row.owner), rows.map((row) => row.tab), rows.map((row) => row.topic), rows.map((row) => row.payloadJson)],
  };
}

/** Stores messages (at most maxRowsPerStatement) in one statement; returns their ids. */
export async function insertRows(db: Queryable, rows: readonly NewPushRow[]): Promise<number[]> {
  const insert = insertOf(rows);
  const { rows: stored } = await db.query<{ id: string }>(`${insert.text} RETURNING id::text AS id`, insert.params);
  return stored.map((row) => Number(row.id));
}

/**
 * Stores messages (at most maxRowsPerStatement) and NOTIFYs `channel` with their ids,
 * comma-separated, in the same statement (PostgreSQL sends the notification when the statement's
 * transaction commits, as it would a separate NOTIFY); returns their ids.
 */
export async function insertRowsAndNotify(db: Queryable, rows: readonly NewPushRow[], channel: string): Promise<number[]> {
  const insert = insertOf(rows);
  const { rows: stored } = await db.query<{ id: string }>(
    `WITH stored AS (${insert.text} RETURNING id), ` +
      `announced AS (SELECT pg_notify($5, string_agg(id::text, ',')) FROM stored) ` +
      "SELECT stored.id::text AS id FROM stored, announced",
    [...insert.params, channel],
  );
  return stored.map((row) => Number(row.id));
}

/**
 * A store of messages through `send` (insertRows, or insertRowsAndNotify on a server) that sends
 * the messages stored while one statement is on its way together in the next, per database
 * handle (db/insert-lane.ts); resolves with the message's id once its statement has committed.
 * @example
 * const store = storedTogether(insertRows);
 * const id = await store(db, row);
 */
export function storedTogether(
  send: (db: Queryable, rows: readonly NewPushRow[]) => Promise<number[]>,
): (db: Queryable, row: NewPushRow) => Promise<number> {
  const lanes = new WeakMap<Queryable, InsertLane<NewPushRow, number>>();
  return (db, row) => {
    // The handle's guards answer this caller in its own context (handle-guard.ts).
    checkHandle(db);
    let lane = lanes.get(db);
    if (lane === undefined) lanes.set(db, (lane = new InsertLane((rows) => send(db, rows), maxRowsPerStatement)));
    return lane.insert(row);
  };
}

/** The newest id, 0 when the table is empty. */
export async function newestId(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ id: string }>("SELECT coalesce(max(id), 0)::text AS id FROM dashbase_push");
  return Number(rows[0]!.id);
}

/** Every row after `after`, in id order, at most `limit` (the process-wide read that feeds live streams). */
export async function allRowsAfter(db: Queryable, after: number, limit: number): Promise<PushRow[]> {
  const { rows } = await db.query<RawRow>(`SELECT ${columns} FROM dashbase_push WHERE id > $1 ORDER BY id LIMIT $2`, [after, limit]);
  return rows.map(rowOf);
}

/** Rows by id (notifications that arrived after the process-wide read had passed them). */
export async function rowsById(db: Queryable, ids: readonly number[]): Promise<PushRow[]> {
  const { rows } = await db.query<RawRow>(`SELECT ${columns} FROM dashbase_push WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
  return rows.map(rowOf);
}

/** The rows one stream is owed after `after`, in id order, at most `limit`. */
export async function rowsAfter(db: Queryable, filter: StreamFilter, after: number, limit: number): Promise<PushRow[]> {
  const { rows } = await db.query<RawRow>(
    `SELECT ${columns} FROM dashbase_push
      WHERE id > $1
        AND (tab = $2
          OR (tab IS NULL AND topic IS NULL AND owner = $3)
          OR (topic = ANY($4::text[]) AND (owner IS NULL OR owner = $3)))
      ORDER BY id LIMIT $5`,
    [after, filter.tab, filter.owner, filter.topics, limit],
  );
  return rows.map(rowOf);
}

/**
 * The owner's messages no tab received (sent to a tab that closed or reloaded — a reloaded tab
 * keeps its id, so its own count too — or to the owner while no tab was open), handed to `tab`
 * once: marked delivered and re-addressed to it, so a resume of `tab` replays them and no other
 * stream claims them again.
 */
export async function claimUndelivered(db: Queryable, filter: StreamFilter, limit: number): Promise<PushRow[]> {
  const { rows } = await db.query<RawRow>(
    `UPDATE dashbase_push SET delivered_at = now(), tab = CASE WHEN tab IS NULL THEN NULL ELSE $2 END
      WHERE id IN (
        SELECT id FROM dashbase_push
         WHERE owner = $1 AND topic IS NULL AND delivered_at IS NULL
         ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING ${columns}`,
    [filter.owner, filter.tab, limit],
  );
  return rows.map(rowOf).sort((a, b) => a.id - b.id);
}

/** Marks messages as received by some tab (only messages to a tab or an owner are tracked). */
export async function markDelivered(db: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query("UPDATE dashbase_push SET delivered_at = now() WHERE id = ANY($1::bigint[]) AND delivered_at IS NULL", [ids]);
}

/** Deletes messages older than `ageMs`; returns how many. */
export async function pruneRows(db: Queryable, ageMs: number): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM dashbase_push WHERE created_at < now() - make_interval(secs => $1::float8)", [
    ageMs / 1000,
  ]);
  return rowCount;
}
