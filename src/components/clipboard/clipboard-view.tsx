/**
 * @module
 * The browser view of `dcc.Clipboard`: a button that writes `content` (or the text of the element
 * `target_id` names) to the clipboard, says "Copied" for a moment, and counts `n_clicks`.
 */
import type { ComponentChild } from "preact";
import { useEffect, useState } from "preact/hooks";
import { rootAttributes, type ViewProps } from "../../client/component-view.js";
import type { ClipboardProps } from "./clipboard.js";

const COPIED_MS = 1500;

function textToCopy(props: ViewProps<ClipboardProps>["props"]): string {
  if (typeof props.target_id === "string") return document.getElementById(props.target_id)?.textContent ?? "";
  return typeof props.content === "string" ? props.content : "";
}

/** `dcc.Clipboard`. */
export default function ClipboardView(view: ViewProps<ClipboardProps>): ComponentChild {
  const { props } = view;
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = (): void => {
    void navigator.clipboard
      .writeText(textToCopy(props))
      .then(() => setCopied(true))
      .catch(() => setCopied(false)); // no clipboard access (an insecure page, a denied permission): nothing copied
    view.setProps({ n_clicks: (typeof props.n_clicks === "number" ? props.n_clicks : 0) + 1 });
  };
  return (
    <button
      {...rootAttributes(view, "dashbase-clipboard")}
      type="button"
      title={props.title}
      disabled={props.disabled === true}
      onClick={copy}
      aria-live="polite"
    >
      {copied ? "Copied" : props.children}
    </button>
  );
}
