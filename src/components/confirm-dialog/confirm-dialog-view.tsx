/**
 * @module
 * The browser view of `dcc.ConfirmDialog`: a modal question answered with OK or Cancel.
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { useRenderer } from "../../client/renderer-context.js";
import type { ConfirmDialogProps } from "./confirm-dialog.js";

/** `dcc.ConfirmDialog`: shown while `displayed`; OK counts `submit_n_clicks`, Cancel `cancel_n_clicks`. */
export default function ConfirmDialogView(view: ViewProps<ConfirmDialogProps>): ComponentChild {
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
