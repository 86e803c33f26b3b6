/**
 * @module
 * `dcc.*` components that show, hold or move things: Graph, Markdown, Store, Interval, Location,
 * Link, Loading, ConfirmDialog, Upload, Download; and the `dcc` namespace gathering every factory.
 */
import { createNode, isComponentNode, type Children, type ComponentNode, type JsonValue } from "./component-node.js";
import * as inputs from "./dcc-input-components.js";
import type { BaseProps, PersistenceProps } from "./dcc-input-components.js";

/** One Plotly trace: `type` picks the chart kind; the rest is Plotly's trace JSON. */
export interface PlotlyTrace {
  type?: string;
  [key: string]: unknown;
}

/** A Plotly figure, the same JSON Dash and plotly.py produce. */
export interface PlotlyFigure {
  data: readonly PlotlyTrace[];
  layout?: Readonly<Record<string, unknown>>;
  frames?: readonly unknown[];
}

/** The point data Plotly reports for clicks, hovers and selections. */
export interface PlotlyEventData {
  points: readonly Readonly<Record<string, unknown>>[];
  range?: Readonly<Record<string, unknown>>;
}

export interface GraphProps extends BaseProps {
  figure?: PlotlyFigure | null;
  /** Plotly's config (`displayModeBar`, `responsive`, ...). */
  config?: Readonly<Record<string, unknown>>;
  /** Set by the renderer; use them as callback Inputs. */
  clickData?: PlotlyEventData | null;
  hoverData?: PlotlyEventData | null;
  selectedData?: PlotlyEventData | null;
  relayoutData?: Readonly<Record<string, unknown>> | null;
  responsive?: boolean;
}

export interface MarkdownProps extends BaseProps {
  /** Markdown text; the renderer sanitizes it (no raw HTML, no script URLs). */
  children?: string;
}

export interface StoreProps extends BaseProps, PersistenceProps {
  data?: JsonValue;
  /**
   * Where `data` lives: "memory" (lost on reload), "local"/"session" (the browser's storage),
   * or "server" (the per-user store: the same data on every browser of the session or login).
   */
  storage_type?: "memory" | "local" | "session" | "server";
}

export interface IntervalProps extends BaseProps {
  /** Milliseconds between ticks (default 1000). */
  interval?: number;
  n_intervals?: number;
  /** Stop after this many ticks; -1 (default) never stops. */
  max_intervals?: number;
  disabled?: boolean;
}

export interface LocationProps extends BaseProps {
  pathname?: string;
  search?: string;
  hash?: string;
  href?: string;
  /** true: a full page load when set by a callback; false (default): a client-side navigation. */
  refresh?: boolean;
}

export interface LinkProps extends BaseProps {
  href: string;
  children?: Children;
  title?: string;
  /** true: a full page load instead of a client-side navigation. */
  refresh?: boolean;
  target?: "_blank" | "_self";
}

export interface LoadingProps extends BaseProps {
  children?: Children;
  type?: "default" | "circle" | "dot";
}

export interface ConfirmDialogProps extends BaseProps {
  message: string;
  /** Set true (usually by a callback) to ask. */
  displayed?: boolean;
  submit_n_clicks?: number;
  cancel_n_clicks?: number;
}

export interface UploadProps extends BaseProps {
  /** Data URLs of the chosen files (an array with `multiple`). */
  contents?: string | readonly string[] | null;
  filename?: string | readonly string[] | null;
  last_modified?: number | readonly number[] | null;
  accept?: string;
  multiple?: boolean;
  /** Largest file in bytes; -1 (default) means no limit in the browser (the server's body limit still holds). */
  max_size?: number;
  disabled?: boolean;
  children?: Children;
}

export interface DownloadData {
  content: string;
  filename: string;
  /** true when `content` is base64 (binary files). */
  base64?: boolean;
  type?: string;
}

export interface DownloadProps extends BaseProps {
  /** Set by a callback: the browser saves it as a file. */
  data?: DownloadData | null;
}

export type GraphNode = ComponentNode<"dcc.Graph", GraphProps>;
export type MarkdownNode = ComponentNode<"dcc.Markdown", MarkdownProps>;
export type StoreNode = ComponentNode<"dcc.Store", StoreProps>;
export type IntervalNode = ComponentNode<"dcc.Interval", IntervalProps>;
export type LocationNode = ComponentNode<"dcc.Location", LocationProps>;
export type LinkNode = ComponentNode<"dcc.Link", LinkProps>;
export type LoadingNode = ComponentNode<"dcc.Loading", LoadingProps>;
export type ConfirmDialogNode = ComponentNode<"dcc.ConfirmDialog", ConfirmDialogProps>;
export type UploadNode = ComponentNode<"dcc.Upload", UploadProps>;
export type DownloadNode = ComponentNode<"dcc.Download", DownloadProps>;

function isChildren(value: unknown): value is Children {
  return typeof value === "string" || typeof value === "number" || Array.isArray(value) || isComponentNode(value);
}

/** @example dcc.Graph({ id: "chart", figure: { data: [{ type: "bar", x: ["a"], y: [1] }] } }) */
export function Graph(props: GraphProps): GraphNode {
  return createNode("dcc.Graph", props);
}

/** @example dcc.Markdown("# Title\n\nSome *text*.") */
export function Markdown(text: string | MarkdownProps, props: Omit<MarkdownProps, "children"> = {}): MarkdownNode {
  return createNode("dcc.Markdown", typeof text === "string" ? { ...props, children: text } : text);
}

/** @example dcc.Store({ id: "prefs", storage_type: "server", data: {} }) */
export function Store(props: StoreProps): StoreNode {
  return createNode("dcc.Store", props);
}

/** @example dcc.Interval({ id: "tick", interval: 5000 }) */
export function Interval(props: IntervalProps): IntervalNode {
  return createNode("dcc.Interval", props);
}

/** @example dcc.Location({ id: "url" }) */
export function Location(props: LocationProps): LocationNode {
  return createNode("dcc.Location", props);
}

/** @example dcc.Link("France", { href: "/country/fr" }) */
export function Link(children: Children | LinkProps, props?: Omit<LinkProps, "children">): LinkNode {
  if (isChildren(children)) {
    if (props === undefined) throw new TypeError("dcc.Link(children, { href }): expected props with an href as the second argument, found none");
    return createNode("dcc.Link", { ...props, children });
  }
  return createNode("dcc.Link", children ?? { href: "/" });
}

/** @example dcc.Loading([dcc.Graph({ id: "chart" })], { type: "circle" }) */
export function Loading(children: Children | LoadingProps, props: Omit<LoadingProps, "children"> = {}): LoadingNode {
  return createNode("dcc.Loading", isChildren(children) ? { ...props, children } : (children ?? {}));
}

/** @example dcc.ConfirmDialog({ id: "confirm", message: "Delete this row?" }) */
export function ConfirmDialog(props: ConfirmDialogProps): ConfirmDialogNode {
  return createNode("dcc.ConfirmDialog", props);
}

/** @example dcc.Upload({ id: "file", accept: ".csv", children: "Drop a CSV here" }) */
export function Upload(props: UploadProps): UploadNode {
  return createNode("dcc.Upload", props);
}

/** @example dcc.Download({ id: "download" }) */
export function Download(props: DownloadProps): DownloadNode {
  return createNode("dcc.Download", props);
}

/**
 * Factories for dashbase's core components.
 * @example
 * dcc.Dropdown({ id: "indicator", options: ["pop", "gdp"], value: "pop", persistence: "server" });
 */
export const dcc = Object.freeze({
  Input: inputs.Input,
  Textarea: inputs.Textarea,
  Dropdown: inputs.Dropdown,
  Checklist: inputs.Checklist,
  RadioItems: inputs.RadioItems,
  Slider: inputs.Slider,
  RangeSlider: inputs.RangeSlider,
  DatePickerSingle: inputs.DatePickerSingle,
  DatePickerRange: inputs.DatePickerRange,
  Tabs: inputs.Tabs,
  Tab: inputs.Tab,
  Store,
  Interval,
  Location,
  Link,
  Markdown,
  Graph,
  Loading,
  ConfirmDialog,
  Upload,
  Download,
});
