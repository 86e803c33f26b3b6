/**
 * @module
 * The `next` parameter of sign-in: where to go afterwards, honoured only when it is a path of
 * this app, so a link to the sign-in page can never send someone to another site (an open
 * redirect). Anything else becomes "/".
 */

/** Longest `next` kept; a longer one is not a path anyone typed. */
const maxNextLength = 2048;

/**
 * `next` when it is a same-origin relative path ("/x", "/x?y#z"), else `fallback`. Refused:
 * absolute URLs, scheme-relative "//host" and "/\host" (browsers read "\" as "/"), control
 * characters and whitespace (browsers strip tabs and newlines, turning "/\t/host" into "//host").
 * @example
 * safeNextPath("/history?view=3"); // "/history?view=3"
 * safeNextPath("//evil.example/"); // "/"
 * safeNextPath("https://evil.example/"); // "/"
 */
export function safeNextPath(next: unknown, fallback = "/"): string {
  if (typeof next !== "string" || next.length === 0 || next.length > maxNextLength) return fallback;
  if (!next.startsWith("/")) return fallback;
  if (next[1] === "/" || next[1] === "\\") return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f\\]/.test(next)) return fallback;
  // The URL parser must agree that it stays on this origin.
  try {
    const base = "http://dashbase.invalid";
    const url = new URL(next, base);
    if (url.origin !== base) return fallback;
  } catch {
    return fallback;
  }
  return next;
}
