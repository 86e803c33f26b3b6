/**
 * @module
 * The layout and feedback blocks apps otherwise pull a component kit in for: `dcc.Stack`,
 * `dcc.Grid`, `dcc.Card`, `dcc.Navbar`, `dcc.Alert`, `dcc.Badge`, `dcc.Progress`, a styled
 * `dcc.Button` and `dcc.Tooltip`. Their props, definitions and factories; one view chunk draws
 * them all (./ui-blocks-view.tsx), themed by the `--dashbase-*` CSS variables.
 */
import type { Children } from "../../layout/component-node.js";
import { componentFactory, withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";
import { childrenFirst } from "../children-first.js";

/** A colour of the theme: accent, neutral, success, warning or danger (`"primary"` where not given). */
export type ThemeColor = "primary" | "secondary" | "success" | "warning" | "danger";

export interface StackProps extends BaseProps {
  children?: Children;
  /** `"vertical"` (default) stacks children in a column, `"horizontal"` in a wrapping row. */
  direction?: "vertical" | "horizontal";
  /** Space between children: a CSS length or a number of rem (default 1). */
  gap?: number | string;
  align?: "start" | "center" | "end" | "stretch";
}

export interface GridProps extends BaseProps {
  children?: Children;
  /** A number of equal columns (default 2), or a CSS `grid-template-columns` value. */
  columns?: number | string;
  /** Below this column width (a CSS length) the grid wraps: `columns` becomes an upper bound. */
  min_column_width?: string;
  /** Space between cells: a CSS length or a number of rem (default 1). */
  gap?: number | string;
}

export interface CardProps extends BaseProps {
  children?: Children;
  title?: string;
  /** A line under the content, e.g. a source or a timestamp. */
  footer?: string;
}

export interface NavbarLink {
  label: string;
  href: string;
}

export interface NavbarProps extends BaseProps {
  /** The app's name, shown first; a link to `brand_href`. */
  brand?: string;
  brand_href?: string;
  links?: readonly NavbarLink[];
  /** Extra content at the end of the bar (e.g. a `dcc.ThemeSwitch`). */
  children?: Children;
}

export interface AlertProps extends BaseProps {
  children?: Children;
  color?: ThemeColor;
  /** Shows a close button that sets `is_open` to false. */
  dismissable?: boolean;
  is_open?: boolean;
}

export interface BadgeProps extends BaseProps {
  children?: string | number;
  color?: ThemeColor;
  /** Fully rounded ends. */
  pill?: boolean;
}

export interface ProgressProps extends BaseProps {
  /** Without `value`, the bar shows work under way of unknown length. */
  value?: number;
  max?: number;
  /** Text inside the bar, e.g. `"40%"`. */
  label?: string;
  color?: ThemeColor;
}

export interface ButtonProps extends BaseProps {
  children?: Children;
  /** Default `"primary"`. */
  variant?: "primary" | "secondary" | "danger";
  /** Counts clicks: use it as a callback Input. */
  n_clicks?: number;
  disabled?: boolean;
  /** Shows a spinner and ignores clicks (set it from a callback's `running`, or an Output). */
  loading?: boolean;
  /** Default `"button"`. */
  type?: "button" | "submit" | "reset";
  title?: string;
}

export interface TooltipProps extends BaseProps {
  /** The element the tooltip describes. */
  children?: Children;
  /** The text shown while the pointer is over the children or focus is inside them. */
  label: string;
  /** Default `"top"`. */
  placement?: "top" | "bottom";
}

/** Lays its children out in a column (or a wrapping row) with even gaps. */
export const stack = defineComponent<"dcc.Stack", StackProps>({
  type: "dcc.Stack",
  children: "nodes",
  view: "lazy",
});

/** Lays its children out in a grid of `columns` equal columns, wrapping on narrow screens when `min_column_width` is set. */
export const grid = defineComponent<"dcc.Grid", GridProps>({
  type: "dcc.Grid",
  children: "nodes",
  view: "lazy",
});

/** A bordered surface with an optional title and footer around its children. */
export const card = defineComponent<"dcc.Card", CardProps>({ type: "dcc.Card", children: "nodes", view: "lazy" });

/** A navigation bar: the brand, then links (the current page's is marked), then any children. */
export const navbar = defineComponent<"dcc.Navbar", NavbarProps>({ type: "dcc.Navbar", children: "nodes", view: "lazy" });

/** A message box in a theme colour; when `dismissable`, its close button sets `is_open` to false. */
export const alert = defineComponent<"dcc.Alert", AlertProps>({
  type: "dcc.Alert",
  children: "nodes",
  defaults: { is_open: true },
  view: "lazy",
});

/** A small label in a theme colour, e.g. a count or a status. */
export const badge = defineComponent<"dcc.Badge", BadgeProps>({
  type: "dcc.Badge",
  children: "text",
  view: "lazy",
});

/** A progress bar of `value` out of `max`, with an optional label. */
export const progress = defineComponent<"dcc.Progress", ProgressProps>({
  type: "dcc.Progress",
  children: "none",
  defaults: { max: 100 },
  view: "lazy",
});

/** A themed button in a variant; counts clicks in `n_clicks`, and shows a spinner while `loading`. */
export const button = defineComponent<"dcc.Button", ButtonProps>({
  type: "dcc.Button",
  children: "nodes",
  defaults: { n_clicks: 0 },
  view: "lazy",
});

/** Shows `label` beside its children while the pointer is over them or focus is inside them. */
export const tooltip = defineComponent<"dcc.Tooltip", TooltipProps>({
  type: "dcc.Tooltip",
  children: "nodes",
  view: "lazy",
});

/** @example dcc.Stack([dcc.Card(["..."]), dcc.Card(["..."])], { gap: 1.5 }) */
export const Stack = /* @__PURE__ */ withDefinition(stack, childrenFirst(stack));

/** @example dcc.Grid([dcc.Card(["Sales"]), dcc.Card(["Costs"]), dcc.Card(["Margin"])], { columns: 3, min_column_width: "14rem" }) */
export const Grid = /* @__PURE__ */ withDefinition(grid, childrenFirst(grid));

/** @example dcc.Card([dcc.Graph({ id: "sales" })], { title: "Sales by month", footer: "Source: orders" }) */
export const Card = /* @__PURE__ */ withDefinition(card, childrenFirst(card));

/** @example dcc.Navbar({ brand: "Shop", links: [{ label: "Orders", href: "/orders" }, { label: "Stock", href: "/stock" }] }) */
export const Navbar = /* @__PURE__ */ componentFactory(navbar);

/** @example dcc.Alert("Saved.", { id: "saved", color: "success", dismissable: true }) */
export const Alert = /* @__PURE__ */ withDefinition(alert, childrenFirst(alert));

/** @example dcc.Badge({ children: 12, color: "danger", pill: true }) */
export const Badge = /* @__PURE__ */ componentFactory(badge);

/** @example dcc.Progress({ id: "import", value: 40, label: "40%" }) */
export const Progress = /* @__PURE__ */ componentFactory(progress);

/** @example dcc.Button("Delete", { id: "delete", variant: "danger" }) */
export const Button = /* @__PURE__ */ withDefinition(button, childrenFirst(button));

/** @example dcc.Tooltip([dcc.Button("Export", { id: "export" })], { label: "Download the table as CSV" }) */
export const Tooltip = /* @__PURE__ */ withDefinition(tooltip, childrenFirst(tooltip));
