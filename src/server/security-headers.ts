/**
 * @module
 * Security headers on every answer. The Content-Security-Policy allows what the renderer and
 * plotly.js need (own scripts, inline styles Plotly sets, data:/blob: images for its exports)
 * and nothing else: no inline scripts, no other origins, no framing.
 */

/** The default policy: scripts only from this origin; the boot JSON is data, never run. */
export const defaultContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * The headers to set; `hsts` only when the request came over HTTPS.
 * @example
 * reply.headers(securityHeaders(defaultContentSecurityPolicy, request.protocol === "https"));
 */
export function securityHeaders(contentSecurityPolicy: string, https: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": contentSecurityPolicy,
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
  if (https) headers["strict-transport-security"] = "max-age=15552000; includeSubDomains";
  return headers;
}
