/**
 * @module
 * `dcc.ThemeSwitch`: a button that switches the page between the light and the dark theme. Its
 * props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface ThemeSwitchProps extends BaseProps {
  /** The theme in effect, `"light"` or `"dark"`, reported when the user switches (a callback Input). */
  value?: "light" | "dark";
}

export type ThemeSwitchNode = ComponentNode<"dcc.ThemeSwitch", ThemeSwitchProps>;

/**
 * Switches between the light and dark themes. The choice is kept in the browser's
 * localStorage and applied before the page draws on later visits; without one, the page follows
 * the system's `prefers-color-scheme`.
 */
export const themeSwitch = defineComponent<"dcc.ThemeSwitch", ThemeSwitchProps>({
  type: "dcc.ThemeSwitch",
  children: "none",
  view: "lazy",
});

/** @example dcc.Navbar({ brand: "Shop", children: dcc.ThemeSwitch({ id: "theme" }) }) */
export const ThemeSwitch = /* @__PURE__ */ componentFactory(themeSwitch);
