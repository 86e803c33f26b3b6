/**
 * @module
 * What one callback call ends in, as the runner consumes it: shared by the HTTP transport, the
 * clientside caller and the lazily loaded patch applier without importing the runner itself.
 */

export type CallbackOutcome =
  | { readonly kind: "update"; readonly response: Readonly<Record<string, Readonly<Record<string, unknown>>>> }
  | { readonly kind: "prevent" }
  /** A background callback: its answer comes later over the push channel. */
  | { readonly kind: "background"; readonly jobId: string }
  | { readonly kind: "error"; readonly message: string; readonly code?: string; readonly requestId?: string };
