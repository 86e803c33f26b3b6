/**
 * @module
 * A TCP pass-through on 127.0.0.1 in front of a database server, which a test can cut (every
 * connection dropped, new ones refused) to make the database vanish for the app behind it.
 */
import net from "node:net";

export interface TcpProxy {
  readonly port: number;
  /** Drops every connection and refuses new ones until `resume()`. */
  cut(): void;
  resume(): void;
  close(): Promise<void>;
}

/**
 * Starts a proxy to `host:port`.
 * @example
 * const proxy = await startTcpProxy("127.0.0.1", 5432);
 * proxy.cut();
 */
export function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let open = true;
  const server = net.createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = net.connect(port, host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => undefined);
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      resolve({
        port: address.port,
        cut: () => {
          open = false;
          for (const socket of sockets) socket.destroy();
        },
        resume: () => {
          open = true;
        },
        close: () =>
          new Promise((done) => {
            open = false;
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
