/**
 * @module
 * The one message between `dashbase dev` and the app it runs: the child (`dashbase start`) says
 * when it listens, over the IPC channel the supervisor opened. That is how the supervisor tells a
 * restart that worked (and how long it took) from one that is still starting or has failed.
 */

/** Sent by the child once its server listens. */
export interface ListeningMessage {
  readonly type: "dashbase-dev:listening";
  readonly url: string;
}

/**
 * Whether an IPC message is the child's "listening".
 * @example
 * child.on("message", (message) => { if (isListeningMessage(message)) ... });
 */
export function isListeningMessage(message: unknown): message is ListeningMessage {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "dashbase-dev:listening";
}

/**
 * In the child: tells a supervising `dashbase dev` that the app listens at `url`; nothing when
 * the process has no IPC channel (run by hand, by a process manager).
 * @example
 * announceListening(running.url);
 */
export function announceListening(url: string): void {
  if (process.send === undefined || !process.connected) return;
  const message: ListeningMessage = { type: "dashbase-dev:listening", url };
  process.send(message);
}

/**
 * In the child: the IPC channel must not keep the process alive, or it would never exit after
 * SIGTERM or a failed start.
 * @example
 * releaseChannel();
 */
export function releaseChannel(): void {
  process.channel?.unref();
}
