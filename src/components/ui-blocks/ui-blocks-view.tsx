/**
 * @module
 * The browser view of the blocks in ./ui-blocks.ts: one chunk, fetched the first time a page
 * shows any of them, that picks the block's drawing by its type. Colours, radii and spacing come
 * from the `--dashbase-*` CSS variables (ui-blocks.css), so themes apply without code.
 */
import type { ComponentChild } from "preact";
import { useId, useState } from "preact/hooks";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { addLazyStyles } from "../../client/lazy-styles.js";
import { useRenderChildren } from "../../client/renderer-context.js";
import type { NavbarLink } from "./ui-blocks.js";
import styles from "./ui-blocks.lazy.css";

addLazyStyles("ui-blocks", styles);

type View = ViewProps<Record<string, unknown>>;

function length(value: unknown, fallback: string): string {
  if (typeof value === "number" && Number.isFinite(value)) return `${value}rem`;
  return typeof value === "string" && value !== "" ? value : fallback;
}

function withStyle(view: View, baseClass: string, style: Record<string, string>): ReturnType<typeof rootAttributes> {
  const attributes = rootAttributes(view, baseClass);
  const own = attributes.style;
  return {
    ...attributes,
    style:
      typeof own === "string"
        ? `${Object.entries(style)
            .map(([k, v]) => `${k}:${v}`)
            .join(";")};${own}`
        : { ...style, ...own },
  };
}

function Stack(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const horizontal = view.props.direction === "horizontal";
  const align = stringProp(view.props, "align");
  return (
    <div
      {...withStyle(view, `dashbase-stack${horizontal ? " is-horizontal" : ""}`, {
        gap: length(view.props.gap, "1rem"),
        ...(align === undefined ? {} : { alignItems: align === "start" || align === "end" ? `flex-${align}` : align }),
      })}
    >
      {renderChildren(view.props.children)}
    </div>
  );
}

function Grid(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const columns = view.props.columns;
  const min = stringProp(view.props, "min_column_width");
  const count = typeof columns === "number" && columns >= 1 ? Math.floor(columns) : undefined;
  const template =
    count === undefined
      ? (stringProp(view.props, "columns") ?? "1fr 1fr")
      : min === undefined
        ? `repeat(${count}, minmax(0, 1fr))`
        : `repeat(auto-fit, minmax(max(${min}, calc((100% - ${count - 1} * var(--gap)) / ${count})), 1fr))`;
  return (
    <div {...withStyle(view, "dashbase-grid", { "--gap": length(view.props.gap, "1rem"), gridTemplateColumns: template })}>
      {renderChildren(view.props.children)}
    </div>
  );
}

function Card(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const title = stringProp(view.props, "title");
  const footer = stringProp(view.props, "footer");
  return (
    <section {...rootAttributes(view, "dashbase-card")} aria-label={title}>
      {title !== undefined && <h3 class="dashbase-card-title">{title}</h3>}
      {renderChildren(view.props.children)}
      {footer !== undefined && <p class="dashbase-card-footer">{footer}</p>}
    </section>
  );
}

function isLink(value: unknown): value is NavbarLink {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as NavbarLink).label === "string" &&
    typeof (value as NavbarLink).href === "string"
  );
}

function Navbar(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const brand = stringProp(view.props, "brand");
  const links = Array.isArray(view.props.links) ? view.props.links.filter(isLink) : [];
  // dcc.Link nodes: in-app navigation, safe URLs and the current page's mark come with them
  const linkNode = (href: string, label: string, className?: string): unknown => ({
    type: "dcc.Link",
    props: { href, children: label, className },
  });
  return (
    <nav {...rootAttributes(view, "dashbase-navbar")} aria-label={brand ?? "Main"}>
      {brand !== undefined && renderChildren(linkNode(stringProp(view.props, "brand_href") ?? "/", brand, "dashbase-navbar-brand"))}
      <div class="dashbase-navbar-links">{renderChildren(links.map((link) => linkNode(link.href, link.label)))}</div>
      {renderChildren(view.props.children)}
    </nav>
  );
}

function color(view: View): string {
  return stringProp(view.props, "color") ?? "primary";
}

function Alert(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  if (view.props.is_open === false) return null;
  const tone = color(view);
  return (
    <div {...rootAttributes(view, `dashbase-alert is-${tone}`)} role={tone === "danger" || tone === "warning" ? "alert" : "status"}>
      <div class="dashbase-alert-body">{renderChildren(view.props.children)}</div>
      {view.props.dismissable === true && (
        <button type="button" class="dashbase-alert-close" aria-label="Dismiss" onClick={() => view.setProps({ is_open: false })}>
          ×
        </button>
      )}
    </div>
  );
}

function Badge(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const pill = view.props.pill === true ? " is-pill" : "";
  return <span {...rootAttributes(view, `dashbase-badge is-${color(view)}${pill}`)}>{renderChildren(view.props.children)}</span>;
}

function Progress(view: View): ComponentChild {
  const max = numberProp(view.props, "max") ?? 100;
  const value = numberProp(view.props, "value");
  const label = stringProp(view.props, "label");
  const share = value === undefined || max <= 0 ? undefined : Math.min(100, Math.max(0, (value / max) * 100));
  return (
    <div
      {...rootAttributes(view, `dashbase-progress is-${color(view)}${share === undefined ? " is-indeterminate" : ""}`)}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={value}
      aria-valuetext={label}
    >
      <div class="dashbase-progress-bar" style={share === undefined ? undefined : { width: `${share}%` }}>
        {label}
      </div>
    </div>
  );
}

function Button(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const loading = view.props.loading === true;
  const variant = stringProp(view.props, "variant") ?? "primary";
  const type = stringProp(view.props, "type");
  return (
    <button
      {...rootAttributes(view, `dashbase-button is-${variant}`)}
      type={type === "submit" || type === "reset" ? type : "button"}
      title={stringProp(view.props, "title")}
      disabled={view.props.disabled === true || loading}
      aria-busy={loading ? "true" : undefined}
      onClick={() => view.setProps({ n_clicks: (numberProp(view.props, "n_clicks") ?? 0) + 1 })}
    >
      {loading && <span class="dashbase-button-spinner" aria-hidden="true" />}
      {renderChildren(view.props.children)}
    </button>
  );
}

function Tooltip(view: View): ComponentChild {
  const renderChildren = useRenderChildren();
  const [shown, setShown] = useState(false);
  const tipId = `dashbase-tip-${useId()}`;
  const placement = view.props.placement === "bottom" ? "bottom" : "top";
  return (
    <span
      {...rootAttributes(view, "dashbase-tooltip")}
      aria-describedby={tipId}
      onMouseEnter={() => setShown(true)}
      onMouseLeave={() => setShown(false)}
      onFocusIn={() => setShown(true)}
      onFocusOut={() => setShown(false)}
      onKeyDown={(event) => {
        if (event.key === "Escape") setShown(false);
      }}
    >
      {renderChildren(view.props.children)}
      <span id={tipId} role="tooltip" class={`dashbase-tooltip-text is-${placement}`} hidden={!shown}>
        {stringProp(view.props, "label") ?? ""}
      </span>
    </span>
  );
}

const views: Readonly<Record<string, (view: View) => ComponentChild>> = {
  "dcc.Stack": Stack,
  "dcc.Grid": Grid,
  "dcc.Card": Card,
  "dcc.Navbar": Navbar,
  "dcc.Alert": Alert,
  "dcc.Badge": Badge,
  "dcc.Progress": Progress,
  "dcc.Button": Button,
  "dcc.Tooltip": Tooltip,
};

/** The blocks of ./ui-blocks.ts, by the node's type. */
export default function UiBlocksView(view: View): ComponentChild {
  const Block = views[view.node.type];
  return Block === undefined ? null : <Block {...view} />;
}
