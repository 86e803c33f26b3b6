/**
 * @module
 * `dcc.Loading` (a spinner over its children while a callback computes any of them) and
 * `dcc.ConfirmDialog` (a modal question answered with OK or Cancel).
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../component-view.js";
import { idKey, isComponentId } from "../../protocol/ids.js";
import { walkTree } from "../../protocol/layout-tree.js";
import { renderChildren } from "../render-node.js";
import { useRenderer } from "../renderer-context.js";

function descendantKeys(children: unknown): string[] {
  const keys: string[] = [];
  walkTree(children, (node) => {
    if (isComponentId(node.props.id)) keys.push(idKey(node.props.id));
  });
  return keys;
}

/** `dcc.Loading`. */
export function Loading(view: ViewProps): ComponentChild {
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

/** `dcc.ConfirmDialog`: shown while `displayed`; OK counts `submit_n_clicks`, Cancel `cancel_n_clicks`. */
export function ConfirmDialog(view: ViewProps): ComponentChild {
  const renderer = useRenderer();
  const dialog = useRef<HTMLDialogElement>(null);
  const displayed = view.props.displayed === true;
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (displayed && !element.open) element.showModal();
    if (!displayed && element.open) element.close();
  }, [displayed]);
  const answer = (property: "submit_n_clicks" | "cancel_n_clicks"): void => {
    const current = view.idKey === undefined ? undefined : renderer.store.prop(view.idKey, property);
    view.setProps({ [property]: (typeof current === "number" ? current : 0) + 1, [`${property}_timestamp`]: Date.now(), displayed: false });
  };
  const message = stringProp(view.props, "message") ?? "";
  return (
    <dialog
      {...rootAttributes(view, "dashbase-confirm")}
      ref={dialog}
      aria-label={message}
      onCancel={(event) => {
        event.preventDefault();
        answer("cancel_n_clicks");
      }}
    >
      <p class="dashbase-confirm-message">{message}</p>
      <div class="dashbase-confirm-actions">
        <button type="button" class="dashbase-button is-secondary" onClick={() => answer("cancel_n_clicks")}>
          Cancel
        </button>
        <button type="button" class="dashbase-button" onClick={() => answer("submit_n_clicks")}>
          OK
        </button>
      </div>
    </dialog>
  );
}
