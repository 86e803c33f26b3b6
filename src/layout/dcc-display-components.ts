/**
 * @module
 * The `dcc` namespace and the props types of the `dcc.*` components that show, hold or move
 * things, under the names they had before each component got its own folder in src/components
 * (kept so existing imports work).
 */
export { dcc } from "../components/dcc.js";
export type { GraphProps, GraphNode, PlotlyFigure, PlotlyTrace, PlotlyEventData } from "../components/graph/graph.js";
export type { MarkdownProps, MarkdownNode } from "../components/markdown/markdown.js";
export type { StoreProps, StoreNode } from "../components/store/store.js";
export type { IntervalProps, IntervalNode } from "../components/interval/interval.js";
export type { LocationProps, LocationNode } from "../components/location/location.js";
export type { LinkProps, LinkNode } from "../components/link/link.js";
export type { LoadingProps, LoadingNode } from "../components/loading/loading.js";
export type { ConfirmDialogProps, ConfirmDialogNode } from "../components/confirm-dialog/confirm-dialog.js";
export type { UploadProps, UploadNode } from "../components/upload/upload.js";
export type { DownloadProps, DownloadNode, DownloadData } from "../components/download/download.js";
