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
export type { ApiArgs, ApiHandler, ApiRequest, ApiResponse, ApiGetOptions, ApiRouteOptions, ApiRegistrar } from "./app/api-registry.js";
export type { AccessRule } from "./auth/access-rule.js";
export type { Enqueue, EnqueueOptions, JobContext, JobInfo, JobOptions, JobRef, JobState } from "./jobs/job-types.js";
export type { TableContext, TableSpec } from "./tables/declared-table.js";
export type { TablePage } from "./tables/table-query.js";
export { html, type HtmlProps, type HtmlTag, type HtmlNode, type HtmlFactory, type HtmlElementProps } from "./components/html/html.js";
export { dcc } from "./components/dcc.js";
export type { GraphProps, PlotlyFigure, PlotlyTrace, PlotlyEventData } from "./components/graph/graph.js";
export type { MarkdownProps } from "./components/markdown/markdown.js";
export type { StoreProps } from "./components/store/store.js";
export type { IntervalProps } from "./components/interval/interval.js";
export type { LocationProps } from "./components/location/location.js";
export type { LinkProps } from "./components/link/link.js";
export type { LoadingProps } from "./components/loading/loading.js";
export type { ConfirmDialogProps } from "./components/confirm-dialog/confirm-dialog.js";
export type { UploadProps } from "./components/upload/upload.js";
export type { DownloadProps, DownloadData } from "./components/download/download.js";
export type { InputProps } from "./components/input/input.js";
export type { TextareaProps } from "./components/textarea/textarea.js";
export type { DropdownProps } from "./components/dropdown/dropdown.js";
export type { ChecklistProps } from "./components/checklist/checklist.js";
export type { RadioItemsProps } from "./components/radio-items/radio-items.js";
export type { SliderProps, SliderMark } from "./components/slider/slider.js";
export type { ClipboardProps } from "./components/clipboard/clipboard.js";
export type { RatingProps } from "./components/rating/rating.js";
export type { ModalProps } from "./components/modal/modal.js";
export type { AudioProps, IframeProps, PlayableProps, SandboxToken, VideoProps } from "./components/media/media.js";
export type { ThemeSwitchProps } from "./components/theme-switch/theme-switch.js";
export type {
  AlertProps,
  BadgeProps,
  ButtonProps,
  CardProps,
  GridProps,
  NavbarLink,
  NavbarProps,
  ProgressProps,
  StackProps,
  ThemeColor,
  TooltipProps,
} from "./components/ui-blocks/ui-blocks.js";
export type { RangeSliderProps } from "./components/range-slider/range-slider.js";
export type { DatePickerSingleProps } from "./components/date-picker-single/date-picker-single.js";
export type { DatePickerRangeProps } from "./components/date-picker-range/date-picker-range.js";
export type { TabsProps } from "./components/tabs/tabs.js";
export type { TabProps } from "./components/tab/tab.js";
export type { Option, OptionValue } from "./components/option.js";
export type { PersistenceProps } from "./components/base-props.js";
export {
  DataTable,
  type DataTableProps,
  type DataTableActiveCell,
  type DataTableColumn,
  type DataTableStyleCondition,
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
export { Patch } from "./callbacks/patch.js";
export type { PatchOperation, PatchPath } from "./protocol/patch-ops.js";
export { Topic, type TopicOptions, type TopicDependency } from "./push/topic.js";
export type { Publish, PublishToOptions } from "./push/session-publisher.js";
export type { CallbackServices, CallbackCallContext, TriggeredProp, RequestSession } from "./callbacks/callback-context.js";
export type { CallbackOptions } from "./callbacks/callback-registry.js";
export { clientside, type ClientsideRef } from "./callbacks/clientside-ref.js";
export type { ClientCallbackOptions, ClientsideHandler, ClientsideStateHandler } from "./app/app-definition.js";
export type { ClientsideContext } from "./clientside/clientside-context.js";
export type { PageOptions, LayoutArgs, PageLayout, PageEntry } from "./pages/page-registry.js";
export { redirect, type PageRedirect } from "./pages/page-redirect.js";
export { PageNav, type PageNavOptions } from "./pages/page-nav.js";
export type { PathParams } from "./pages/path-template.js";
export { insertRow, updateRows, deleteRows, type WriteOwnership } from "./models/validated-writes.js";
export type { FieldProblem } from "./models/model-validators.js";
export type { Database, Queryable, Transaction } from "./db/database.js";
export type { OwnerStore } from "./store/store.js";
export { DashbaseError, isDashbaseError } from "./errors/dashbase-error.js";
export { errorCodes, type ErrorCode } from "./errors/error-codes.js";
/** 0.1's engine names, now in subpaths: stubs that say where each went. */
export * from "./moved-exports.js";
