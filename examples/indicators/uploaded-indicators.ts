/**
 * @module
 * Indicators uploaded on the Data page, seen from their uploader: how many a browser (session
 * owner) has, the per-owner cap, and deleting one with its observations, which only the owner
 * that uploaded it may do. Saved views that point to a deleted indicator are kept: they belong to
 * whoever saved them, keep their legend in History, and say the indicator is gone when opened.
 */
import type { Queryable } from "dashbase";

/** Uploaded indicators one session owner may keep at a time. */
export const maxUploadsPerOwner = 10;

/** The message shown when an owner has reached the cap. */
export function uploadCapMessage(max: number = maxUploadsPerOwner): string {
  return `you have ${max} uploaded indicators, the most one browser may keep: delete one under "Your uploads", then upload the file again`;
}

/** One of the owner's uploads, as the Data page lists it. */
export interface OwnUpload {
  code: string;
  name: string;
  entities: number;
  observations: number;
}

/**
 * The owner's uploaded indicators, newest first.
 * @example
 * const mine = await listOwnUploads(db, session.owner); // [{ code: "forest_area", name: "Forest area", entities: 2, observations: 8 }]
 */
export async function listOwnUploads(db: Queryable, owner: string): Promise<OwnUpload[]> {
  const { rows } = await db.query<OwnUpload & Record<string, unknown>>(
    `select i.code, i.name, count(distinct o.entity)::int as entities, count(o.id)::int as observations
       from indicators i left join observations o on o.indicator_code = i.code
      where i.owner = $1 and i.origin = 'upload'
      group by i.code
      order by i.created_at desc, i.code`,
    [owner],
  );
  return rows;
}

/** How many indicators `owner` has uploaded and not deleted. */
export async function countOwnUploads(db: Queryable, owner: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    "select count(*)::int as count from indicators where owner = $1 and origin = 'upload'",
    [owner],
  );
  return rows[0]?.count ?? 0;
}

/**
 * Holds, until the end of the transaction `tx`, a lock that every upload of `owner` takes before
 * counting: two uploads sent at once are counted one after the other, so the cap holds exactly.
 */
export async function lockOwnerUploads(tx: Queryable, owner: string): Promise<void> {
  await tx.query("select pg_advisory_xact_lock(hashtext($1))", [`indicators.uploads:${owner}`]);
}

export type DeleteUploadResult =
  { outcome: "deleted"; name: string; observations: number } | { outcome: "not-found" } | { outcome: "not-yours" };

/**
 * Deletes uploaded indicator `code` and its observations in one transaction, only when `owner`
 * uploaded it (checked in SQL); says why not otherwise. Seeded indicators are nobody's: "not-yours".
 * @example
 * await deleteUploadedIndicator(db, { code: "forest_area", owner: session.owner }); // { outcome: "deleted", name: "Forest area", observations: 8 }
 */
export async function deleteUploadedIndicator(db: Queryable, input: { code: string; owner: string }): Promise<DeleteUploadResult> {
  return db.transaction(async (tx): Promise<DeleteUploadResult> => {
    // The row is locked first, so an upload or a second delete of the same code waits for this one.
    const { rows: owned } = await tx.query<{ name: string }>(
      "select name from indicators where code = $1 and owner = $2 and origin = 'upload' for update",
      [input.code, input.owner],
    );
    const indicator = owned[0];
    if (indicator === undefined) {
      const { rows: existing } = await tx.query("select 1 from indicators where code = $1", [input.code]);
      return { outcome: existing.length > 0 ? "not-yours" : "not-found" };
    }
    // Explicit rather than left to the foreign key's cascade, so the count can be reported.
    const { rows: removed } = await tx.query<{ count: number }>(
      "with gone as (delete from observations where indicator_code = $1 returning 1) select count(*)::int as count from gone",
      [input.code],
    );
    await tx.query("delete from indicators where code = $1 and owner = $2 and origin = 'upload'", [input.code, input.owner]);
    return { outcome: "deleted", name: indicator.name, observations: removed[0]?.count ?? 0 };
  });
}
