/**
 * @module
 * The browser view of `dcc.Tab` outside `dcc.Tabs`: shows its children.
 */
import type { ComponentChild } from "preact";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import { renderChildren } from "../../client/render-node.js";
import type { TabProps } from "./tab.js";

/** `dcc.Tab` outside `dcc.Tabs`: shows its children. */
export default function TabView(view: ViewProps<TabProps>): ComponentChild {
  return <div {...rootAttributes(view, "dashbase-tabpanel")}>{renderChildren(view.props.children)}</div>;
}
