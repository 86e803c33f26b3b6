/**
 * @module
 * Development only, loaded lazily by main.tsx when the boot data has `dev`: listens on the dev
 * events stream and reloads the page when the stream names another server instance than the one
 * that rendered the page (the app was restarted, or `dashbase dev` now shows why it cannot start).
 * Never part of the production page's up-front bytes.
 */

/** Stream and instance, as the boot data's `dev` gives them. */
export interface DevChannel {
  readonly events: string;
  readonly instance: string;
}

/**
 * Starts listening; EventSource reconnects by itself after a dropped connection, and a refused
 * one (an answer that is no stream, e.g. while the port changes hands) is retried here.
 * @example
 * watchDevServer({ events: "/_dashbase/dev/events", instance: "3f2a..." });
 */
export function watchDevServer(channel: DevChannel): void {
  const connect = (): void => {
    const source = new EventSource(channel.events);
    source.addEventListener("hello", (event) => {
      const { instance } = JSON.parse((event as MessageEvent<string>).data) as { instance?: unknown };
      if (instance !== channel.instance) {
        source.close();
        location.reload();
      }
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 500);
    });
  };
  connect();
}
