/**
 * @module
 * dashbase's public API, listed explicitly: nothing else is exported.
 */
export { DashbaseError, isDashbaseError } from "./errors/dashbase-error.js";
export { errorCodes, type ErrorCode } from "./errors/error-codes.js";
export { loadSettings, type LoadSettingsOptions } from "./config/load-settings.js";
export { maskSecrets } from "./config/mask-secret.js";
export type { Settings, Profile, DatabaseSettings, EmbeddedDatabaseSettings, PostgresDatabaseSettings, PoolSettings, ServerSettings, SessionSettings } from "./config/settings.js";
export { createDatabase, type CreateDatabaseOptions } from "./db/create-database.js";
export type { Database, Transaction, Queryable, QueryResult, HealthReport, PoolStats, Orm, DriverKind } from "./db/database.js";
export { translateDatabaseError } from "./db/translate-error.js";
export { validateInsert, validateUpdate, validationError, type FieldProblem } from "./models/model-validators.js";
export { insertRow, updateRows } from "./models/validated-writes.js";
export { createMigrator, type Migrator, type MigratorOptions, type MigrationProgress, type MigrationScript } from "./migrations/migrator.js";
export type { RevisionInfo, RevisionMeta, MigrationReport, MigrationFailure } from "./migrations/revision.js";
export { ensureInternalSchema, internalTableNames } from "./models/internal-tables.js";
export { createStore } from "./store/create-store.js";
export type { Store, OwnerStore, StoreOptions, StoreBackendChoice, SetOptions, UpdateOptions, DeleteOptions } from "./store/store.js";
export { encodeValue, decodeValue } from "./store/value-codec.js";
export { createSessionManager, type Session, type SessionManager, type SessionManagerConfig, type SessionBackendChoice } from "./session/session-manager.js";
export { resolveSessionSecret, sessionSecretPath } from "./session/session-secret.js";
export { createApp, DashbaseApp, type AppServer, type RunningApp, type CreateServerOptions, type ListenOptions } from "./app/dashbase-app.js";
export type { CreateAppOptions, AppDatabaseOptions, AppServerOptions, AppSessionOptions, AppStoreOptions, AppCallbackOptions } from "./app/app-options.js";
export type { ApiArgs, ApiHandler, ApiRequest, ApiResponse, ApiRouteOptions, ApiRegistrar } from "./app/api-registry.js";
export type { TablePage } from "./app/table-query.js";
export { html, type HtmlProps, type HtmlTag, type HtmlNode, type HtmlFactory, type HtmlElementProps } from "./layout/html-components.js";
export { dcc, type GraphProps, type PlotlyFigure, type PlotlyTrace, type PlotlyEventData, type MarkdownProps, type StoreProps, type IntervalProps, type LocationProps, type LinkProps, type LoadingProps, type ConfirmDialogProps, type UploadProps, type DownloadProps, type DownloadData } from "./layout/dcc-display-components.js";
export type { InputProps, TextareaProps, DropdownProps, ChecklistProps, RadioItemsProps, SliderProps, RangeSliderProps, DatePickerSingleProps, DatePickerRangeProps, TabsProps, TabProps, Option, OptionValue, PersistenceProps } from "./layout/dcc-input-components.js";
export { DataTable, type DataTableProps, type DataTableColumn, type TableQuery, type SortSpec, type TableSession } from "./layout/data-table.js";
export { isComponentNode, idKey, type ComponentNode, type ComponentId, type Child, type Children, type Style, type JsonValue } from "./layout/component-node.js";
export type { LayoutValue } from "./layout/layout-walk.js";
export { Input, Output, State, ALL, MATCH, ALLSMALLER, type Dependency, type InputDependency, type OutputDependency, type StateDependency, type ValuesOf, type OutputValuesOf } from "./callbacks/dependency.js";
export { PreventUpdate, noUpdate, type NoUpdate } from "./callbacks/prevent-update.js";
export type { CallbackServices, CallbackCallContext, TriggeredProp, RequestSession } from "./callbacks/callback-context.js";
export type { CallbackOptions, CallbackSpec } from "./callbacks/callback-registry.js";
export type { PageOptions, LayoutArgs, PageLayout } from "./pages/page-registry.js";
export type { PathParams } from "./pages/path-template.js";
