/**
 * @module
 * The browser view of `dcc.ThemeSwitch`: a toggle button (`aria-pressed` when dark) that applies
 * and stores the theme (../../client/theme-watch.ts) and reports it as `value`.
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import { addLazyStyles } from "../../client/lazy-styles.js";
import { activeTheme, chooseTheme, watchTheme } from "../../client/theme-watch.js";
import type { ThemeSwitchProps } from "./theme-switch.js";
import styles from "./theme-switch.lazy.css";

addLazyStyles("theme-switch", styles);

/** `dcc.ThemeSwitch`. */
export default function ThemeSwitchView(view: ViewProps<ThemeSwitchProps>): ComponentChild {
  const [theme, setTheme] = useState(activeTheme);
  useEffect(() => watchTheme(() => setTheme(activeTheme())), []);
  const dark = theme === "dark";
  return (
    <button
      {...rootAttributes(view, "dashbase-theme-switch")}
      type="button"
      aria-pressed={dark ? "true" : "false"}
      title={dark ? "Switch to the light theme" : "Switch to the dark theme"}
      onClick={() => {
        const next = dark ? "light" : "dark";
        chooseTheme(next);
        setTheme(next);
        view.setProps({ value: next });
      }}
    >
      <span aria-hidden="true">{dark ? "☾" : "☀"}</span>
      <span class="dashbase-visually-hidden">Dark theme</span>
    </button>
  );
}
