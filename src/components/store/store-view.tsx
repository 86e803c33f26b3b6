/**
 * @module
 * The browser view of `dcc.Store`: draws nothing. With `storage_type` "local" or "session" it
 * mirrors `data` to the browser's storage and restores it from there before the page first draws
 * (`prepare`); "server" is the generic server persistence its definition declares.
 */
import type { ComponentChild } from "preact";
import { useEffect } from "preact/hooks";
import type { ViewProps } from "../../client/component-view.js";
import { idKey, isComponentId } from "../../protocol/ids.js";
import { storeStorageKey } from "../../client/persisted-props.js";
import type { ComponentNode } from "../../protocol/layout-tree.js";
import type { StoreProps } from "./store.js";

function browserStorage(kind: unknown): Storage | undefined {
  try {
    if (kind === "local") return window.localStorage;
    if (kind === "session") return window.sessionStorage;
  } catch {
    // storage can be disabled by the browser's privacy settings
  }
  return undefined;
}

/** Before the page first draws: a local or session Store shows what the browser kept. */
export function prepare(node: ComponentNode): ComponentNode {
  const storage = browserStorage(node.props.storage_type);
  if (storage === undefined || !isComponentId(node.props.id)) return node;
  const saved = storage.getItem(storeStorageKey(idKey(node.props.id)));
  if (saved === null) return node;
  try {
    return { type: node.type, props: { ...node.props, data: JSON.parse(saved) as unknown } };
  } catch {
    return node;
  }
}

/** `dcc.Store`. */
export default function StoreView(view: ViewProps<StoreProps>): ComponentChild {
  const kind = view.props.storage_type;
  const data = view.props.data;
  useEffect(() => {
    const storage = browserStorage(kind);
    if (view.idKey === undefined || storage === undefined) return;
    try {
      if (data === undefined || data === null) storage.removeItem(storeStorageKey(view.idKey));
      else storage.setItem(storeStorageKey(view.idKey), JSON.stringify(data));
    } catch {
      // storage full or disabled: the data stays in the page
    }
  }, [data, kind, view.idKey]);
  return null;
}
