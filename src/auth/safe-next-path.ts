/**
 * @module
 * Where to send a browser after signing in: only a path of this app, never another site
 * (`//evil.example`, `/\evil.example` and `https://...` all become "/").
 */

/** `next` when it is a path of this app, else "/". */
export function safeNextPath(next: string | undefined): string {
  if (typeof next !== "string" || next.length > 2048 || !next.startsWith("/")) return "/";
  if (next.startsWith("//") || next.includes("\\") || [...next].some((char) => char.charCodeAt(0) < 0x20)) return "/";
  return next;
}
