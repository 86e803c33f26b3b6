/**
 * @module
 * Stylesheets that travel with a lazy view's chunk instead of main.css, so a page that never
 * shows the component never downloads its rules. A view imports its `<name>.lazy.css` (the build
 * turns it into minified text, see scripts/component-views-plugin.mjs) and passes it here.
 */

/**
 * Adds `css` to the page once, right after the renderer's main stylesheet: later than the
 * built-in rules, earlier than the app's assets/, which can still override it.
 * @example
 * import styles from "./ui-blocks.lazy.css";
 * addLazyStyles("ui-blocks", styles);
 */
export function addLazyStyles(name: string, css: string): void {
  if (document.querySelector(`style[data-dashbase-styles="${name}"]`) !== null) return;
  const style = document.createElement("style");
  style.dataset.dashbaseStyles = name;
  style.textContent = css;
  const main = document.querySelector('link[rel="stylesheet"]');
  if (main === null) document.head.appendChild(style);
  else main.after(style);
}
