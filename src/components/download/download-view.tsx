/**
 * @module
 * The browser view of `dcc.Download`: draws nothing; saves `data` as a file when a callback sets it.
 */
import type { ComponentChild } from "preact";
import { useEffect } from "preact/hooks";
import { type ViewProps } from "../../client/component-view.js";
import type { DownloadProps } from "./download.js";

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
export default function DownloadView(view: ViewProps<DownloadProps>): ComponentChild {
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
