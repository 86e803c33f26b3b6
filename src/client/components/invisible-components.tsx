/**
 * @module
 * Components that draw nothing: `dcc.Store` (data in memory, browser storage or the server's
 * per-user store), `dcc.Interval` (a ticking counter) and `dcc.Download` (saves a file when its
 * `data` is set).
 */
import type { ComponentChild } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { numberProp, type ViewProps } from "../component-view.js";
import { storeStorageKey } from "../persisted-props.js";
import { useRenderer } from "../renderer-context.js";

/** `dcc.Store`: keeps `data`; "local" / "session" mirror it to browser storage, "server" to the per-user store. */
export function Store(view: ViewProps): ComponentChild {
  const renderer = useRenderer();
  const kind = view.props.storage_type;
  const first = useRef(true);
  const data = view.props.data;
  useEffect(() => {
    const initial = first.current;
    first.current = false;
    if (view.idKey === undefined) return;
    if (kind === "local" || kind === "session") {
      try {
        const storage = kind === "local" ? window.localStorage : window.sessionStorage;
        if (data === undefined || data === null) storage.removeItem(storeStorageKey(view.idKey));
        else storage.setItem(storeStorageKey(view.idKey), JSON.stringify(data));
      } catch {
        // storage full or disabled: the data stays in the page
      }
    } else if (kind === "server" && !initial) {
      // the layout already holds the server's copy; only later changes need saving
      renderer.persistToServer(view.props.id, "data", data, { debounce: true });
    }
  }, [data, kind, view.idKey]);
  return null;
}

/** `dcc.Interval`: counts `n_intervals` every `interval` ms until `max_intervals` (-1: forever). */
export function Interval(view: ViewProps): ComponentChild {
  const renderer = useRenderer();
  const interval = Math.max(20, numberProp(view.props, "interval") ?? 1000);
  const disabled = view.props.disabled === true;
  const max = numberProp(view.props, "max_intervals") ?? -1;
  const key = view.idKey;
  useEffect(() => {
    if (disabled || key === undefined) return undefined;
    const timer = setInterval(() => {
      const current = renderer.store.prop(key, "n_intervals");
      const count = (typeof current === "number" ? current : 0) + 1;
      if (max >= 0 && count > max) {
        clearInterval(timer);
        return;
      }
      renderer.userSetProps(key, { n_intervals: count });
    }, interval);
    return () => clearInterval(timer);
  }, [interval, disabled, max, key, renderer]);
  return null;
}

function blobOf(data: { content: string; base64?: unknown; type?: unknown }): Blob {
  const type = typeof data.type === "string" ? data.type : "application/octet-stream";
  if (data.base64 === true) {
    const binary = atob(data.content);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([data.content], { type });
}

/** `dcc.Download`: when a callback sets `data: { content, filename, base64?, type? }`, the browser saves it. */
export function Download(view: ViewProps): ComponentChild {
  const data = view.props.data;
  useEffect(() => {
    if (typeof data !== "object" || data === null) return;
    const { content, filename } = data as { content?: unknown; filename?: unknown };
    if (typeof content !== "string" || typeof filename !== "string") return;
    const url = URL.createObjectURL(blobOf(data as { content: string }));
    const link = document.createElement("a");
    link.href = url;
    link.download = filename.replace(/[\\/]/g, "_");
    link.style.display = "none";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, [data]);
  return null;
}
