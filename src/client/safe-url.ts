/**
 * @module
 * URL checks for attributes that navigate or load (`href`, `src`, ...): script-bearing schemes
 * never reach the DOM, whatever a layout or a callback output says.
 */

const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:", "tel:", "ftp:"]);

/**
 * The URL when it is safe to put in `href` / `src`, else undefined. Relative URLs, fragments and
 * the schemes http, https, mailto, tel and ftp pass; `data:` passes only for images when
 * `allowDataImage` is set; `javascript:`, `vbscript:` and any other scheme are refused, including
 * when disguised with case, whitespace or control characters.
 *
 * @example
 * safeUrl("javascript:alert(1)"); // undefined
 * safeUrl("/country/fr");         // "/country/fr"
 */
export function safeUrl(value: unknown, allowDataImage = false): string | undefined {
  if (typeof value !== "string") return undefined;
  // browsers drop these characters before reading the scheme, so we do too
  // eslint-disable-next-line no-control-regex
  const compact = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact);
  if (scheme === null) return value;
  const name = `${scheme[1] ?? ""}:`;
  if (SAFE_SCHEMES.has(name)) return value;
  if (allowDataImage && name === "data:" && /^data:image\/(png|gif|jpe?g|webp|avif|bmp);/.test(compact)) return value;
  return undefined;
}
