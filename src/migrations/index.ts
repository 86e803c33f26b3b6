/**
 * @module
 * `dashbase/migrations`: the revision runner behind `dashbase db upgrade/downgrade/...`, for tools and tests.
 */
export { createMigrator, type Migrator, type MigratorOptions, type MigrationProgress, type MigrationScript } from "./migrator.js";
export type { RevisionInfo, RevisionMeta, MigrationReport, MigrationFailure } from "./revision.js";
