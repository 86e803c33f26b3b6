/**
 * @module
 * The browser view of `dcc.Loading`: a spinner over its children while a callback computes any of them.
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { idKey, isComponentId } from "../../protocol/ids.js";
import { walkTree } from "../../protocol/layout-tree.js";
import { renderChildren } from "../../client/render-node.js";
import { useRenderer } from "../../client/renderer-context.js";
import type { LoadingProps } from "./loading.js";

function descendantKeys(children: unknown): string[] {
  const keys: string[] = [];
  walkTree(children, (node) => {
    if (isComponentId(node.props.id)) keys.push(idKey(node.props.id));
  });
  return keys;
}

/** `dcc.Loading`. */
export default function LoadingView(view: ViewProps<LoadingProps>): ComponentChild {
  const renderer = useRenderer();
  const keys = descendantKeys(view.props.children).join("\u0000");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const list = keys === "" ? [] : keys.split("\u0000");
    const check = (): void => setBusy(list.some((key) => renderer.store.isLoading(key)));
    check();
    return renderer.store.subscribe(check);
  }, [keys, renderer]);
  const kind = stringProp(view.props, "type") ?? "default";
  return (
    <div {...rootAttributes(view, `dashbase-loading${busy ? " is-busy" : ""}`)} aria-busy={busy}>
      {renderChildren(view.props.children)}
      {busy && (
        <div class="dashbase-loading-overlay">
          <span class={`dashbase-spinner dashbase-spinner-${kind}`} role="status" aria-label="Loading" />
        </div>
      )}
    </div>
  );
}
