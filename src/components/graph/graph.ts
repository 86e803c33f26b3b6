/**
 * @module
 * `dcc.Graph`: its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

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

export type GraphNode = ComponentNode<"dcc.Graph", GraphProps>;

/**
 * A Plotly figure, drawn with the smallest plotly.js bundle that covers its traces (loaded only on
 * pages with a Graph); reports clicks, hovers, selections and zooms.
 */
export const graph = defineComponent<"dcc.Graph", GraphProps>({
  type: "dcc.Graph",
  children: "none",
  defaults: { responsive: true },
});

/** @example dcc.Graph({ id: "chart", figure: { data: [{ type: "bar", x: ["a"], y: [1] }] } }) */
export const Graph = /* @__PURE__ */ componentFactory(graph);
