/**
 * @module
 * The SQL dashbase adds around pg-boss's tables (schema `dashbase_jobs`): which process runs
 * which job (`dashbase_claim`), when each worker process was last seen (`dashbase_worker`),
 * guarded completion and recovery. It reads pg-boss 10's `job` table (its columns and states);
 * pg-boss is pinned and test/unit/pg-boss-canary.test.ts checks what this leans on.
 */

/** The schema pg-boss and these tables live in; `db reset` and drift checks leave it alone. */
export const jobSchema = "dashbase_jobs";

/** The advisory-lock key (ASCII "dbsjobsc") that serializes creating these tables. */
const tablesLockKey = "7161130130584007523";

/** Serializes creating these tables and pg-boss's queues across processes that start at once. */
export const setupLockSql = `SELECT pg_advisory_xact_lock(${tablesLockKey}::bigint)`;

export const createTablesSql = [
  setupLockSql,
  `CREATE TABLE IF NOT EXISTS ${jobSchema}.dashbase_worker (
    id text COLLATE "C" PRIMARY KEY,
    seen_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE IF NOT EXISTS ${jobSchema}.dashbase_claim (
    job_id uuid PRIMARY KEY,
    name text NOT NULL,
    worker_id text COLLATE "C" NOT NULL,
    started_on timestamptz NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS dashbase_claim_worker_idx ON ${jobSchema}.dashbase_claim (worker_id)`,
];

/** $1 queue name. */
export const queueExistsSql = `SELECT 1 FROM ${jobSchema}.queue WHERE name = $1`;

/**
 * pg-boss's own queue creation (what `createQueue` runs): $1 name, $2 its options as pg-boss
 * builds them. Run here inside a locked transaction: two processes creating one queue at once
 * deadlock inside pg-boss's function otherwise.
 */
export const createQueueSql = `SELECT ${jobSchema}.create_queue($1, $2::json)`;

/** $1 worker id. */
export const heartbeatSql = `INSERT INTO ${jobSchema}.dashbase_worker (id, seen_at) VALUES ($1, now())
  ON CONFLICT (id) DO UPDATE SET seen_at = now()`;

/** $1 worker id. */
export const forgetWorkerSql = `DELETE FROM ${jobSchema}.dashbase_worker WHERE id = $1`;

/** Records the runs just fetched: $1 job ids, $2 worker id, $3 job name. */
export const claimSql = `INSERT INTO ${jobSchema}.dashbase_claim (job_id, name, worker_id, started_on)
  SELECT id, name, $2, started_on FROM ${jobSchema}.job WHERE name = $3 AND id = ANY($1::uuid[])
  ON CONFLICT (job_id) DO UPDATE SET worker_id = excluded.worker_id, started_on = excluded.started_on`;

/**
 * Locks the job row while this worker's run of it is still the current one: $1 name, $2 id,
 * $3 worker id. No row: the run was cancelled, or recovered and started again elsewhere.
 */
export const lockOwnRunSql = `SELECT j.id FROM ${jobSchema}.job j
  JOIN ${jobSchema}.dashbase_claim c ON c.job_id = j.id AND c.worker_id = $3 AND c.started_on = j.started_on
  WHERE j.name = $1 AND j.id = $2 AND j.state = 'active'
  FOR UPDATE OF j`;

/** $1 id, $2 worker id. */
export const releaseClaimSql = `DELETE FROM ${jobSchema}.dashbase_claim WHERE job_id = $1 AND worker_id = $2`;

/**
 * Puts an interrupted run back as if it had not started (a graceful shutdown is not the job's
 * failure): $1 name, $2 id. Run only after lockOwnRunSql found the row.
 */
export const requeueSql = `UPDATE ${jobSchema}.job SET state = 'created', started_on = NULL, start_after = now()
  WHERE name = $1 AND id = $2 AND state = 'active'`;

/** This worker's runs that are no longer current: $1 worker id, $2 the ids it runs. */
export const lostRunsSql = `SELECT r.id::text AS id FROM unnest($2::uuid[]) AS r(id)
  WHERE NOT EXISTS (
    SELECT 1 FROM ${jobSchema}.job j JOIN ${jobSchema}.dashbase_claim c
      ON c.job_id = j.id AND c.worker_id = $1 AND c.started_on = j.started_on
    WHERE j.id = r.id AND j.state = 'active'
  )`;

/**
 * Workers gone silent: on PostgreSQL those not seen for $2 ms; on PGlite (one process holds the
 * data directory) every worker but this one. $1 this worker's id, $3 true for "every other".
 */
export const staleWorkersSql = `DELETE FROM ${jobSchema}.dashbase_worker
  WHERE id <> $1 AND ($3::boolean OR seen_at < now() - $2::integer * interval '1 millisecond')
  RETURNING id`;

/** The still-current runs of silent workers (plus claims left without a worker row): $1 this worker's id. */
export const orphanRunsSql = `SELECT c.job_id::text AS id, c.name FROM ${jobSchema}.dashbase_claim c
  JOIN ${jobSchema}.job j ON j.id = c.job_id AND j.started_on = c.started_on AND j.state = 'active'
  WHERE c.worker_id <> $1 AND NOT EXISTS (SELECT 1 FROM ${jobSchema}.dashbase_worker w WHERE w.id = c.worker_id)
  FOR UPDATE OF j`;

/** $1 this worker's id. */
export const dropOrphanClaimsSql = `DELETE FROM ${jobSchema}.dashbase_claim c
  WHERE c.worker_id <> $1 AND NOT EXISTS (SELECT 1 FROM ${jobSchema}.dashbase_worker w WHERE w.id = c.worker_id)`;

/** The advisory lock one enqueue holds while it counts and inserts: $1 the key text. */
export const enqueueLockSql = "SELECT pg_advisory_xact_lock(hashtext($1))";

/** Unfinished jobs of a name for one owner: $1 name, $2 owner. */
export const countOwnerJobsSql = `SELECT count(*)::integer AS n FROM ${jobSchema}.job
  WHERE name = $1 AND state < 'completed' AND data->>'owner' = $2`;

/** An unfinished job with this singleton key: $1 name, $2 key. */
export const findSingletonSql = `SELECT id::text AS id FROM ${jobSchema}.job
  WHERE name = $1 AND singleton_key = $2 AND state < 'completed' LIMIT 1`;

const jobColumns = `id::text AS id, name, state::text AS state, data, output, retry_count, retry_limit, started_on, created_on, completed_on`;

/** $1 id. Looks in the archive too. */
export const getJobSql = `SELECT ${jobColumns} FROM ${jobSchema}.job WHERE id = $1::uuid
  UNION ALL SELECT ${jobColumns} FROM ${jobSchema}.archive WHERE id = $1::uuid
  LIMIT 1`;

/** $1 state or null, $2 name or null, $3 limit. Newest first. */
export const listJobsSql = `SELECT ${jobColumns} FROM ${jobSchema}.job
  WHERE ($1::text IS NULL OR state::text = $1) AND ($2::text IS NULL OR name = $2)
  ORDER BY created_on DESC, id LIMIT $3`;
