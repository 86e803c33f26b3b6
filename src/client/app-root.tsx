/**
 * @module
 * The top of the rendered page: the current layout and the notices area, re-rendered whenever
 * the layout store changes.
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { renderChildren, ViewRegistryContext } from "./render-node.js";
import type { Renderer } from "./renderer.js";
import { ChildrenContext, RendererContext } from "./renderer-context.js";

function Notices({ renderer }: { renderer: Renderer }): ComponentChild {
  const [items, setItems] = useState(renderer.notices.items);
  useEffect(() => renderer.notices.subscribe(() => setItems(renderer.notices.items)), [renderer]);
  return (
    <div class="dashbase-notices">
      {items.map((notice) => (
        <div key={notice.key} class="dashbase-notice" role="alert">
          <div class="dashbase-notice-body">
            <p class="dashbase-notice-message">{notice.message}</p>
            {notice.requestId !== undefined && <p class="dashbase-notice-meta">Request id: {notice.requestId}</p>}
          </div>
          <button type="button" class="dashbase-notice-close" aria-label="Dismiss" onClick={() => renderer.notices.dismiss(notice.key)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/**
 * Renders a renderer's layout.
 *
 * @example
 * render(<AppRoot renderer={renderer} />, document.getElementById("dashbase-root")!);
 */
export function AppRoot({ renderer }: { renderer: Renderer }): ComponentChild {
  const [root, setRoot] = useState(renderer.store.root);
  useEffect(() => {
    setRoot(renderer.store.root);
    return renderer.store.subscribe(() => setRoot(renderer.store.root));
  }, [renderer]);
  return (
    <RendererContext.Provider value={renderer}>
      <ChildrenContext.Provider value={renderChildren}>
        <ViewRegistryContext.Provider value={renderer.components}>
          <div class="dashbase-app">{renderChildren(root)}</div>
          <Notices renderer={renderer} />
        </ViewRegistryContext.Provider>
      </ChildrenContext.Provider>
    </RendererContext.Provider>
  );
}
