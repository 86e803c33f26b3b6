/**
 * @module
 * The browser view of `dcc.Tabs`: an ARIA tab list (arrow keys, Home and End move between tabs) and one panel showing the selected tab's children.
 */
import type { ComponentChild } from "preact";
import { useId, useRef } from "preact/hooks";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import { isComponentNode, type ComponentNode } from "../../protocol/layout-tree.js";
import { renderChildren } from "../../client/render-node.js";
import type { TabsProps } from "./tabs.js";

function tabsOf(children: unknown): ComponentNode[] {
  const list = Array.isArray(children) ? children : [children];
  return list.filter((child): child is ComponentNode => isComponentNode(child) && child.type === "dcc.Tab");
}

function tabValue(tab: ComponentNode, index: number): string {
  const value = tab.props.value;
  return typeof value === "string" || typeof value === "number" ? String(value) : `tab-${index + 1}`;
}

/** `dcc.Tabs`. */
export default function TabsView(view: ViewProps<TabsProps>): ComponentChild {
  const tabs = tabsOf(view.props.children);
  const base = useId();
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const values = tabs.map(tabValue);
  const requested = typeof view.props.value === "string" || typeof view.props.value === "number" ? String(view.props.value) : undefined;
  const selectedIndex = Math.max(0, requested === undefined ? 0 : values.indexOf(requested));
  const selected = tabs[selectedIndex];
  const select = (index: number): void => {
    const tab = tabs[index];
    if (tab === undefined || tab.props.disabled === true) return;
    buttons.current[index]?.focus();
    const raw = tab.props.value;
    // Dash allows number values too: sent as they are
    const value = (typeof raw === "string" || typeof raw === "number" ? raw : values[index]) as string;
    if (value !== view.props.value) view.setProps({ value });
  };
  const onKeyDown = (event: KeyboardEvent, index: number): void => {
    const last = tabs.length - 1;
    const target = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    select(target);
  };
  const vertical = view.props.vertical === true;
  return (
    <div {...rootAttributes(view, `dashbase-tabs${vertical ? " is-vertical" : ""}`)}>
      <div class="dashbase-tablist" role="tablist" aria-orientation={vertical ? "vertical" : "horizontal"}>
        {tabs.map((tab, index) => {
          const isSelected = index === selectedIndex;
          const label = tab.props.label;
          return (
            <button
              key={values[index]}
              ref={(element) => {
                buttons.current[index] = element;
              }}
              type="button"
              role="tab"
              id={`${base}-tab-${index}`}
              class={`dashbase-tab${isSelected ? " is-selected" : ""}`}
              aria-selected={isSelected}
              aria-controls={`${base}-panel`}
              tabIndex={isSelected ? 0 : -1}
              disabled={tab.props.disabled === true}
              onClick={() => select(index)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              {typeof label === "string" || typeof label === "number" ? label : values[index]}
            </button>
          );
        })}
      </div>
      <div class="dashbase-tabpanel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${selectedIndex}`} tabIndex={0}>
        {selected !== undefined && renderChildren(selected.props.children)}
      </div>
    </div>
  );
}
