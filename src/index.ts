/**
 * @module
 * dashbase's public root: what a Dash user writes apps with, listed explicitly. The engine parts
 * live in subpaths: `dashbase/db`, `dashbase/store`, `dashbase/session`, `dashbase/migrations`,
 * `dashbase/config`, `dashbase/server` (mounting into Fastify) and `dashbase/testing`.
 */
export {
  createApp,
  type DashbaseApp,
  type AppServer,
  type RunningApp,
  type CreateServerOptions,
  type ListenOptions,
} from "./runtime/dashbase-app.js";
export type {
  CreateAppOptions,
  AppDatabaseOptions,
  AppServerOptions,
  AppSessionOptions,
  AppStoreOptions,
  AppCallbackOptions,
} from "./app/app-options.js";
export type { ApiArgs, ApiHandler, ApiRequest, ApiResponse, ApiRouteOptions, ApiRegistrar } from "./app/api-registry.js";
export type { TableContext, TableSpec } from "./tables/declared-table.js";
export type { TablePage } from "./tables/table-query.js";
export { html, type HtmlProps, type HtmlTag, type HtmlNode, type HtmlFactory, type HtmlElementProps } from "./layout/html-components.js";
export {
  dcc,
  type GraphProps,
  type PlotlyFigure,
  type PlotlyTrace,
  type PlotlyEventData,
  type MarkdownProps,
  type StoreProps,
  type IntervalProps,
  type LocationProps,
  type LinkProps,
  type LoadingProps,
  type ConfirmDialogProps,
  type UploadProps,
  type DownloadProps,
  type DownloadData,
} from "./layout/dcc-display-components.js";
export type {
  InputProps,
  TextareaProps,
  DropdownProps,
  ChecklistProps,
  RadioItemsProps,
  SliderProps,
  RangeSliderProps,
  DatePickerSingleProps,
  DatePickerRangeProps,
  TabsProps,
  TabProps,
  Option,
  OptionValue,
  PersistenceProps,
} from "./layout/dcc-input-components.js";
export {
  DataTable,
  type DataTableProps,
  type DataTableActiveCell,
  type DataTableColumn,
  type SortSpec,
  type TableRef,
} from "./layout/data-table.js";
export type { ComponentNode, ComponentId, Child, Children, Style, JsonValue } from "./layout/component-node.js";
export type { LayoutValue } from "./layout/layout-walk.js";
export {
  Input,
  Output,
  State,
  ALL,
  MATCH,
  ALLSMALLER,
  type Dependency,
  type InputDependency,
  type OutputDependency,
  type StateDependency,
  type ValueOptions,
  type ValuesOf,
  type OutputValuesOf,
} from "./callbacks/dependency.js";
export { PreventUpdate, noUpdate, type NoUpdate } from "./callbacks/prevent-update.js";
export type { CallbackServices, CallbackCallContext, TriggeredProp, RequestSession } from "./callbacks/callback-context.js";
export type { CallbackOptions } from "./callbacks/callback-registry.js";
export type { PageOptions, LayoutArgs, PageLayout } from "./pages/page-registry.js";
export type { PathParams } from "./pages/path-template.js";
export { insertRow, updateRows } from "./models/validated-writes.js";
export type { FieldProblem } from "./models/model-validators.js";
export type { Database, Queryable, Transaction } from "./db/database.js";
export type { OwnerStore } from "./store/store.js";
export { DashbaseError, isDashbaseError } from "./errors/dashbase-error.js";
export { errorCodes, type ErrorCode } from "./errors/error-codes.js";
/** 0.1's engine names, now in subpaths: stubs that say where each went. */
export * from "./moved-exports.js";
