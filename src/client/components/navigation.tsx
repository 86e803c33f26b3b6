/**
 * @module
 * `dcc.Link` and `dcc.Location`: client-side navigation (history.pushState plus
 * `GET /_dashbase/layout`), with a real page load for other origins, modified clicks or `refresh`.
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../component-view.js";
import { renderChildren } from "../render-node.js";
import { useRenderer } from "../renderer-context.js";
import { safeUrl } from "../safe-url.js";

/** `dcc.Link`: an `<a>` that navigates inside the app without reloading the page. */
export function Link(view: ViewProps): ComponentChild {
  const renderer = useRenderer();
  const href = safeUrl(view.props.href) ?? "#";
  const target = stringProp(view.props, "target");
  const active = typeof window !== "undefined" && new URL(href, window.location.href).pathname === window.location.pathname;
  return (
    <a
      {...rootAttributes(view, `dashbase-link${active ? " is-active" : ""}`)}
      href={href}
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

/**
 * `dcc.Location`: its pathname, search, hash and href follow the browser's location; a callback
 * that sets one of them navigates there.
 */
export function Location(view: ViewProps): ComponentChild {
  const renderer = useRenderer();
  const { pathname, search, hash, href } = view.props;
  const previous = useRef({ pathname, search, hash, href });
  useEffect(() => {
    const before = previous.current;
    previous.current = { pathname, search, hash, href };
    const here = window.location;
    let target: string | undefined;
    if (typeof href === "string" && href !== before.href && href !== here.href) target = href;
    else if (pathname !== before.pathname || search !== before.search || hash !== before.hash) {
      const next = `${typeof pathname === "string" ? pathname : here.pathname}${typeof search === "string" ? search : here.search}${typeof hash === "string" ? hash : here.hash}`;
      if (next !== here.pathname + here.search + here.hash) target = next;
    }
    const safe = target === undefined ? undefined : safeUrl(target);
    if (safe !== undefined) renderer.navigate(safe, { refresh: view.props.refresh === true });
  }, [pathname, search, hash, href]);
  return null;
}
