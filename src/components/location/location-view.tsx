/**
 * @module
 * The browser view of `dcc.Location`: its props follow the browser's location (filled in before the page first draws, updated when the location changes); a callback that sets one navigates there.
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ViewProps } from "../../client/component-view.js";
import type { ComponentNode } from "../../protocol/layout-tree.js";
import { useRenderer } from "../../client/renderer-context.js";
import { safeUrl } from "../../client/safe-url.js";
import type { LocationProps } from "./location.js";
import type { BasePath } from "../../protocol/base-path.js";

/** The browser's location, its pathname as the app declares pages (without the mount point). */
function locationProps(base: BasePath): Record<string, string> {
  const { search, hash, href } = window.location;
  return { pathname: base.toApp(window.location.pathname), search, hash, href };
}

/** Before the page first draws (and its first callbacks fire): the browser's location. */
export function prepare(node: ComponentNode, base: BasePath): ComponentNode {
  return { type: node.type, props: { ...node.props, ...locationProps(base) } };
}

/**
 * `dcc.Location`: its pathname, search, hash and href follow the browser's location; a callback
 * that sets one of them navigates there.
 */
export default function LocationView(view: ViewProps<LocationProps>): ComponentChild {
  const renderer = useRenderer();
  const { pathname, search, hash, href } = view.props;
  const previous = useRef({ pathname, search, hash, href });
  // a hash change, or going back to this page's own URL: the props follow, callbacks fire
  useEffect(() => renderer.onLocationChange(() => view.setProps(locationProps(renderer.base))), [renderer, view.setProps]);
  useEffect(() => {
    const before = previous.current;
    previous.current = { pathname, search, hash, href };
    const here = {
      pathname: renderer.base.toApp(window.location.pathname),
      search: window.location.search,
      hash: window.location.hash,
      href: window.location.href,
    };
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
