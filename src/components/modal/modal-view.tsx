/**
 * @module
 * The browser view of `dcc.Modal`: a native `<dialog>` opened with `showModal()`, which makes the
 * rest of the page inert (the focus trap) and hands focus back on close. Escape, the close button
 * and a backdrop click report `is_open: false`.
 */
import type { ComponentChild } from "preact";
import { useEffect, useId, useRef } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { addLazyStyles } from "../../client/lazy-styles.js";
import { useRenderChildren } from "../../client/renderer-context.js";
import type { ModalProps } from "./modal.js";
import styles from "./modal.lazy.css";

addLazyStyles("modal", styles);

/** `dcc.Modal`. */
export default function ModalView(view: ViewProps<ModalProps>): ComponentChild {
  const renderChildren = useRenderChildren();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `dashbase-modal-${useId()}`;
  const open = view.props.is_open === true;
  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  const close = (): void => view.setProps({ is_open: false });
  const title = stringProp(view.props, "title");
  const size = stringProp(view.props, "size") ?? "md";
  return (
    <dialog
      {...rootAttributes(view, `dashbase-modal is-${size}`)}
      ref={dialog}
      aria-labelledby={title === undefined ? undefined : titleId}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
      onClick={(event) => {
        // a click on the dialog element itself, not its content, is a click on the backdrop
        if (event.target === dialog.current && view.props.close_on_backdrop !== false) close();
      }}
    >
      <div class="dashbase-modal-content">
        <div class="dashbase-modal-header">
          {title !== undefined && <h2 id={titleId}>{title}</h2>}
          <button type="button" class="dashbase-modal-close" aria-label="Close" onClick={close}>
            ×
          </button>
        </div>
        {open && renderChildren(view.props.children)}
      </div>
    </dialog>
  );
}
