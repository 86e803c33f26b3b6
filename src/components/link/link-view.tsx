/**
 * @module
 * The browser view of `dcc.Link`: an `<a>` that navigates inside the app (history.pushState plus `GET /_dashbase/layout`), with a real page load for other origins, modified clicks or `refresh`.
 */
import type { ComponentChild } from "preact";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { renderChildren } from "../../client/render-node.js";
import { useRenderer } from "../../client/renderer-context.js";
import { safeUrl } from "../../client/safe-url.js";
import type { LinkProps } from "./link.js";

/** `dcc.Link`: an `<a>` that navigates inside the app without reloading the page. */
export default function LinkView(view: ViewProps<LinkProps>): ComponentChild {
  const renderer = useRenderer();
  const href = safeUrl(view.props.href) ?? "#";
  // The address the browser shows and opens in a new tab: under the app's mount point.
  const browserHref = href === "#" ? href : renderer.base.toBrowser(href);
  const target = stringProp(view.props, "target");
  const active = typeof window !== "undefined" && new URL(browserHref, window.location.href).pathname === window.location.pathname;
  return (
    <a
      {...rootAttributes(view, `dashbase-link${active ? " is-active" : ""}`)}
      href={browserHref}
      title={stringProp(view.props, "title")}
      target={target}
      rel={target === "_blank" ? "noopener noreferrer" : undefined}
      aria-current={active ? "page" : undefined}
      onClick={(event) => {
        const plain = event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
        if (!plain || (target !== undefined && target !== "_self") || href === "#") return;
        event.preventDefault();
        renderer.navigate(href, { refresh: view.props.refresh === true });
      }}
    >
      {renderChildren(view.props.children)}
    </a>
  );
}
