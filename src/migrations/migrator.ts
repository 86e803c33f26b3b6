/**
 * @module
 * The migration runner: applies and reverts the revisions in a migrations folder, one
 * transaction per revision, under an advisory lock, refusing revisions edited after they were
 * applied. It reports what happened instead of throwing, so the caller decides what to do.
 */
import type { Database } from "../db/database.js";
import { DashbaseError, isDashbaseError } from "../errors/dashbase-error.js";
import {
  ensureMigrationTable,
  forgetAllApplied,
  forgetApplied,
  readApplied,
  recordApplied,
  takeMigrationLock,
  type AppliedRevision,
} from "./migration-table.js";
import { readRevisions } from "./revision-files.js";
import { resolveTarget } from "./revision-target.js";
import type { MigrationFailure, MigrationReport, RevisionFile, RevisionInfo } from "./revision.js";
import { splitSqlStatements } from "./sql-statements.js";

export interface MigrationProgress {
  direction: "up" | "down";
  revision: RevisionInfo;
  /** 1-based position in this run. */
  index: number;
  total: number;
}

export interface MigratorOptions {
  /** The migrations folder (`loadProject(...).migrationsDir`). */
  dir: string;
  /** Called before each revision is applied or reverted (progress output). */
  onProgress?: (progress: MigrationProgress) => void;
}

export interface MigrationScript {
  direction: "up" | "down";
  /** Revision ids in the order their SQL appears. */
  revisions: string[];
  sql: string;
}

export interface Migrator {
  readonly dir: string;
  /** Revisions in the folder not yet applied, in apply order. */
  pending(): Promise<RevisionInfo[]>;
  /** Every revision in the folder (apply order), plus any the database knows that the folder lacks. */
  history(): Promise<RevisionInfo[]>;
  /** The newest applied revision's id, `null` at base. */
  current(): Promise<string | null>;
  /** Applies revisions up to `target` (default "head"). */
  upgrade(target?: string): Promise<MigrationReport>;
  /** Reverts revisions down to `target`: an id, `-N`, or "base". */
  downgrade(target: string): Promise<MigrationReport>;
  /** Records `target` and everything before it as applied without running SQL ("base" clears). */
  stamp(target: string): Promise<string | null>;
  /** The SQL that would take the database from `from` to `to`, without running it. */
  sql(from: string, to: string): MigrationScript;
}

/** Thrown inside a revision's transaction to roll it back, carrying the statement that failed. */
class StatementFailure extends Error {
  readonly statement: string;
  constructor(
    statement: string,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
    this.statement = statement.replace(/^(?:\s*--[^\n]*\n)+/, "").trim();
  }
}

function info(revision: RevisionFile, applied: AppliedRevision | undefined): RevisionInfo {
  return {
    id: revision.id,
    parent: revision.parent,
    message: revision.message,
    dir: revision.dir,
    applied: applied !== undefined,
    appliedAt: applied?.appliedAt ?? null,
    modified: applied !== undefined && applied.checksum !== revision.checksum,
  };
}

function failureOf(error: unknown, revision?: string): MigrationFailure {
  if (error instanceof StatementFailure) {
    const reason = error.original instanceof Error ? error.original.message : String(error.original);
    return {
      code: "DASHBASE_E_MIGRATION_FAILED",
      message: `revision ${revision} failed and was rolled back entirely: the database said "${reason}" at the statement:\n${error.statement}\nFix ${revision}'s SQL file and run the command again`,
      ...(revision === undefined ? {} : { revision }),
      statement: error.statement,
    };
  }
  const code = isDashbaseError(error) ? error.code : "DASHBASE_E_MIGRATION_FAILED";
  const message = error instanceof Error ? error.message : String(error);
  return {
    code,
    message: revision === undefined ? message : `revision ${revision}: ${message}`,
    ...(revision === undefined ? {} : { revision }),
  };
}

/**
 * Checks that what the database has applied is a prefix of the folder's chain, unedited.
 * Returns the index of the newest applied revision (-1 at base).
 */
function verify(chain: readonly RevisionFile[], applied: readonly AppliedRevision[], dir: string): number {
  const position = new Map(chain.map((revision, index) => [revision.id, index]));
  const unknown = applied.filter((row) => !position.has(row.id));
  if (unknown.length > 0) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_UNKNOWN_REVISION",
      `the database has revision ${unknown.map((row) => row.id).join(", ")} applied, but ${dir} has no such revision: restore its folder from version control (or point --app at the right project)`,
    );
  }
  for (const row of applied) {
    const revision = chain[position.get(row.id)!]!;
    if (revision.checksum !== row.checksum) {
      throw new DashbaseError(
        "DASHBASE_E_MIGRATION_TAMPERED",
        `revision ${row.id} was edited after it was applied (${revision.dir}/up.sql no longer matches the checksum recorded on ${row.appliedAt.toISOString()}): undo the edit and put the change in a new revision (\`dashbase db generate\`); if the database already matches the edited file, accept it with \`dashbase db stamp ${row.id}\``,
        { details: { revision: row.id, recorded: row.checksum, found: revision.checksum } },
      );
    }
  }
  const newest = applied.reduce((max, row) => Math.max(max, position.get(row.id)!), -1);
  const gap = chain.slice(0, newest + 1).filter((revision) => !applied.some((row) => row.id === revision.id));
  if (gap.length > 0) {
    throw new DashbaseError(
      "DASHBASE_E_MIGRATION_HISTORY",
      `revision ${gap.map((r) => r.id).join(", ")} comes before the applied ${chain[newest]!.id} but was never applied (history changed, e.g. after a merge): apply its SQL by hand or re-parent it after ${chain[chain.length - 1]!.id}, then \`dashbase db stamp\``,
    );
  }
  return newest;
}

const enumValueAddition = /^(?:\s*--[^\n]*\n)*\s*ALTER TYPE .+ ADD VALUE/is;

function isEnumValueAddition(statement: string): boolean {
  return enumValueAddition.test(statement);
}

/**
 * PostgreSQL refuses to use an enum value added in the same transaction ("unsafe use of new
 * value"), so a revision's `ALTER TYPE ... ADD VALUE` statements commit first, in a transaction
 * of their own. Adding a value loses nothing, and `IF NOT EXISTS` makes a retry after a failure
 * in the rest of the revision harmless.
 */
async function addEnumValuesFirst(
  db: Database,
  revision: RevisionFile,
  direction: "up" | "down",
  statements: readonly string[],
): Promise<void> {
  const additions = statements.filter(isEnumValueAddition);
  if (additions.length === 0) return;
  await db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    const isApplied = (await readApplied(tx)).some((row) => row.id === revision.id);
    if (direction === "up" ? isApplied : !isApplied) return;
    for (const statement of additions) {
      const idempotent = /\bADD VALUE\s+IF NOT EXISTS\b/i.test(statement)
        ? statement
        : statement.replace(/\bADD VALUE\b/i, "ADD VALUE IF NOT EXISTS");
      try {
        await tx.exec(idempotent);
      } catch (error) {
        throw new StatementFailure(statement, error);
      }
    }
  });
}

/**
 * Creates the runner for one database and one migrations folder.
 * @example
 * const migrator = createMigrator(db, { dir: project.migrationsDir });
 * const report = await migrator.upgrade();
 * if (!report.ok) console.error(report.failure?.message);
 */
export function createMigrator(db: Database, options: MigratorOptions): Migrator {
  const dir = options.dir;

  async function state(): Promise<{ chain: RevisionFile[]; applied: AppliedRevision[] }> {
    return { chain: readRevisions(dir), applied: await readApplied(db) };
  }

  async function run(direction: "up" | "down", target: string): Promise<MigrationReport> {
    const done: RevisionInfo[] = [];
    let chain: RevisionFile[] = [];
    let current = -1;
    let revisionId: string | undefined;
    try {
      const loaded = await state();
      chain = loaded.chain;
      current = verify(chain, loaded.applied, dir);
      const goal = resolveTarget(chain, target, current);
      if (direction === "up" && goal < current) {
        throw new DashbaseError(
          "DASHBASE_E_MIGRATION_UNKNOWN_REVISION",
          `${target} is below the current revision ${chain[current]!.id}: use \`dashbase db downgrade ${target}\``,
        );
      }
      if (direction === "down" && goal > current) {
        throw new DashbaseError(
          "DASHBASE_E_MIGRATION_UNKNOWN_REVISION",
          `${target} is above the current revision ${current < 0 ? "base" : chain[current]!.id}: use \`dashbase db upgrade ${target}\``,
        );
      }
      const steps = direction === "up" ? chain.slice(current + 1, goal + 1) : chain.slice(goal + 1, current + 1).reverse();
      if (steps.length > 0) {
        await db.transaction(async (tx) => {
          await takeMigrationLock(tx);
          await ensureMigrationTable(tx);
        });
      }
      for (const [index, revision] of steps.entries()) {
        revisionId = revision.id;
        options.onProgress?.({ direction, revision: info(revision, undefined), index: index + 1, total: steps.length });
        const statements = splitSqlStatements(direction === "up" ? revision.up : revision.down);
        await addEnumValuesFirst(db, revision, direction, statements);
        const ran = await db.transaction(async (tx) => {
          await takeMigrationLock(tx);
          // Another process may have moved the database while this one waited for the lock.
          const applied = await readApplied(tx);
          const isApplied = applied.some((row) => row.id === revision.id);
          if (direction === "up" ? isApplied : !isApplied) return false;
          if (direction === "up" && revision.parent !== null && !applied.some((row) => row.id === revision.parent)) {
            throw new DashbaseError(
              "DASHBASE_E_MIGRATION_HISTORY",
              `its parent ${revision.parent} is no longer applied (another process downgraded meanwhile): run the command again`,
            );
          }
          for (const statement of statements.filter((text) => !isEnumValueAddition(text))) {
            try {
              await tx.exec(statement);
            } catch (error) {
              throw new StatementFailure(statement, error);
            }
          }
          if (direction === "up") await recordApplied(tx, revision);
          else await forgetApplied(tx, revision.id);
          return true;
        });
        if (ran) done.push(info(revision, direction === "up" ? { ...revision, appliedAt: new Date() } : undefined));
        current = direction === "up" ? chain.indexOf(revision) : chain.indexOf(revision) - 1;
      }
      return { ok: true, direction, applied: done, current: current < 0 ? null : chain[current]!.id };
    } catch (error) {
      return {
        ok: false,
        direction,
        applied: done,
        failure: failureOf(error, revisionId),
        current: current < 0 ? null : (chain[current]?.id ?? null),
      };
    }
  }

  return {
    dir,
    async pending() {
      const { chain, applied } = await state();
      return chain.filter((revision) => !applied.some((row) => row.id === revision.id)).map((revision) => info(revision, undefined));
    },
    async history() {
      const { chain, applied } = await state();
      const listed = chain.map((revision) =>
        info(
          revision,
          applied.find((row) => row.id === revision.id),
        ),
      );
      const strays = applied
        .filter((row) => !chain.some((revision) => revision.id === row.id))
        .map((row): RevisionInfo => ({
          id: row.id,
          parent: row.parent,
          message: row.message,
          dir: null,
          applied: true,
          appliedAt: row.appliedAt,
          modified: false,
        }));
      return [...listed, ...strays];
    },
    async current() {
      const { chain, applied } = await state();
      const index = chain.reduce((max, revision, i) => (applied.some((row) => row.id === revision.id) ? i : max), -1);
      return index < 0 ? (applied[applied.length - 1]?.id ?? null) : chain[index]!.id;
    },
    upgrade: (target = "head") => run("up", target),
    downgrade: (target) => run("down", target),
    async stamp(target) {
      const chain = readRevisions(dir);
      const applied = await readApplied(db);
      const position = new Map(chain.map((revision, index) => [revision.id, index]));
      const current = applied.reduce((max, row) => Math.max(max, position.get(row.id) ?? -1), -1);
      const goal = resolveTarget(chain, target, current);
      await db.transaction(async (tx) => {
        await takeMigrationLock(tx);
        await ensureMigrationTable(tx);
        await forgetAllApplied(tx);
        for (const revision of chain.slice(0, goal + 1)) await recordApplied(tx, revision);
      });
      return goal < 0 ? null : chain[goal]!.id;
    },
    sql: (from, to) => migrationScript(dir, from, to),
  };
}

/**
 * The SQL that takes a database from revision `from` to `to` (ids, "base" or "head"), read from
 * the files alone: no database needed.
 * @example
 * migrationScript("migrations", "base", "head").sql
 */
export function migrationScript(dir: string, from: string, to: string): MigrationScript {
  const chain = readRevisions(dir);
  const start = resolveTarget(chain, from, -1);
  const end = resolveTarget(chain, to, start);
  const up = end >= start;
  const steps = up ? chain.slice(start + 1, end + 1) : chain.slice(end + 1, start + 1).reverse();
  const sql = steps
    .map(
      (revision) =>
        `-- ${up ? "upgrade to" : "downgrade from"} ${revision.id}: ${revision.message}\n${(up ? revision.up : revision.down).trim()}\n`,
    )
    .join("\n");
  return { direction: up ? "up" : "down", revisions: steps.map((revision) => revision.id), sql };
}
