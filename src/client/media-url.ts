/**
 * @module
 * The URL rules of the embedding components (`dcc.Iframe`, `dcc.Video`, `dcc.Audio`): what their
 * `src` and `poster` may be, and the `sandbox` an Iframe gets. Stricter than safe-url.ts: only
 * http(s) and relative URLs load; `data:` only when the component allows it and of its own kind.
 */

/** What a URL loads into. */
export type MediaKind = "frame" | "video" | "audio" | "image";

/** The `data:` types each kind accepts when `allow_data` is set. */
const DATA_TYPES: Readonly<Record<MediaKind, RegExp>> = {
  frame: /^data:text\/(plain|html)[;,]/,
  video: /^data:video\/[a-z0-9.+-]+[;,]/,
  audio: /^data:audio\/[a-z0-9.+-]+[;,]/,
  image: /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/,
};

/**
 * The URL when a component of `kind` may load it, else undefined. Relative URLs and http(s)
 * pass; `data:` passes only with `allowData` and a type of the kind (video/* for a video, ...);
 * `javascript:`, `blob:`, `file:` and any other scheme are refused, however disguised.
 * @example
 * mediaUrl("https://example.org/clip.mp4", "video"); // "https://example.org/clip.mp4"
 * mediaUrl("javascript:alert(1)", "frame");         // undefined
 */
export function mediaUrl(value: unknown, kind: MediaKind, allowData = false): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  // browsers drop these characters before reading the scheme, so we do too
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1];
  if (scheme === undefined) return value;
  if (scheme === "http" || scheme === "https") return value;
  if (scheme === "data" && allowData && DATA_TYPES[kind].test(compact)) return value;
  return undefined;
}

/** The sandbox permissions an Iframe may be given (`sandbox: [...]`); any other token is dropped. */
export const sandboxTokens: readonly string[] = [
  "allow-downloads",
  "allow-forms",
  "allow-modals",
  "allow-popups",
  "allow-popups-to-escape-sandbox",
  "allow-presentation",
  "allow-same-origin",
  "allow-scripts",
];

/**
 * The `sandbox` attribute of an Iframe: `""` (everything off) unless the props say otherwise,
 * the allowed tokens of a list, or undefined (no sandbox) only for an explicit `false`. A frame of
 * this page's own origin never gets `allow-scripts` together with `allow-same-origin`: together
 * they let the framed document lift its own sandbox.
 * @example
 * sandboxOf(undefined, true);                              // ""
 * sandboxOf(["allow-scripts", "allow-same-origin"], true); // "allow-scripts"
 */
export function sandboxOf(sandbox: unknown, sameOrigin: boolean): string | undefined {
  if (sandbox === false) return undefined;
  if (!Array.isArray(sandbox)) return "";
  let tokens = [...new Set(sandbox.filter((token): token is string => typeof token === "string" && sandboxTokens.includes(token)))];
  if (sameOrigin && tokens.includes("allow-scripts")) tokens = tokens.filter((token) => token !== "allow-same-origin");
  return tokens.join(" ");
}
