/**
 * @module
 * Who else is connected to a PostgreSQL database as dashbase: every pool dashbase opens sets
 * `application_name` to `dashbase`, so a running app shows in `pg_stat_activity`. `db reset`
 * refuses while one is there, since dropping its tables under it would break every page.
 *
 * Only connections open right now show: a pool closes a connection after 10 s idle, so an app
 * that served nothing in the last seconds is not seen. The embedded database needs none of this:
 * its data directory's lock already keeps a second process out.
 */
import type { Database } from "../db/database.js";

/** Another dashbase connection to the same database. */
export interface DatabaseHolder {
  pid: number;
  /** The client's address, when the server shows it (only to a superuser or the same role). */
  address: string | null;
  /** When the connection was opened (ISO 8601), when the server shows it. */
  since: string | null;
}

/**
 * Lists the other `dashbase` connections to the database `db` is connected to. The caller's own
 * pool holds one connection at this point (its queries run one after another), which is left out.
 * @example
 * const holders = await otherDashbaseConnections(db);
 * if (holders.length > 0) console.log(`in use by ${holders.length} connection(s)`);
 */
export async function otherDashbaseConnections(db: Database): Promise<DatabaseHolder[]> {
  const { rows } = await db.query<{ pid: number; address: string | null; since: Date | string | null }>(
    `select pid, client_addr::text as address, backend_start as since
       from pg_stat_activity
      where datname = current_database() and application_name = 'dashbase' and pid <> pg_backend_pid()
      order by backend_start`,
  );
  return rows.map((row) => ({
    pid: Number(row.pid),
    address: row.address,
    since: row.since === null ? null : new Date(row.since).toISOString(),
  }));
}
