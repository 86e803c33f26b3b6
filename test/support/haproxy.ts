/**
 * Debian's HAProxy (`/usr/sbin/haproxy`) on a free loopback port in front of app processes:
 * round-robin per request, no stickiness, health checks on `/_dashbase/health`, and a request
 * that cannot reach a process (connection refused) sent to another one (`retry-on conn-failure`,
 * `option redispatch`). A request a process accepted and then died on is not retried: it may have
 * written, and replaying a POST could write twice. Its stats page tells which process served what.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, canConnect } from "./free-port.js";

export const haproxyBinary = "/usr/sbin/haproxy";

export interface HaproxyServerStats {
  name: string;
  /** HAProxy's view of it: UP, DOWN, ... */
  status: string;
  /** Requests (HTTP mode: sessions) it has served. */
  served: number;
}

export interface Haproxy {
  url: string;
  /** Per-server figures from the stats page (`;csv`). */
  stats(): Promise<HaproxyServerStats[]>;
  log(): string;
  stop(): Promise<void>;
}

/** True when this machine has Debian's haproxy. */
export function hasHaproxy(): boolean {
  return fs.existsSync(haproxyBinary);
}

/** Throws under CI=true when haproxy is missing: the balancer runs must never be skipped there. */
export function requireHaproxyInCi(): void {
  if (!hasHaproxy() && process.env["CI"] === "true") {
    throw new Error(`CI=true but ${haproxyBinary} is missing: apt-get install haproxy (the balancer runs cannot be skipped in CI)`);
  }
}

/**
 * Starts HAProxy in front of `backends` (http://127.0.0.1:port URLs) and waits until every one
 * passes its health check.
 * @example
 * const balancer = await startHaproxy(apps.map((app) => app.url));
 * await fetch(balancer.url);
 */
export async function startHaproxy(backends: readonly string[], options: { checkIntervalMs?: number } = {}): Promise<Haproxy> {
  const port = await freePort();
  const statsPort = await freePort();
  const inter = options.checkIntervalMs ?? 250;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-haproxy-"));
  const servers = backends.map((backend, index) => {
    const target = new URL(backend);
    return `  server app${index + 1} ${target.hostname}:${target.port} check inter ${inter}ms fall 2 rise 1`;
  });
  const config = [
    "global",
    "  maxconn 2000",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 60s",
    "  timeout server 60s",
    "  timeout http-request 10s",
    "  retries 3",
    "  option redispatch 1",
    "frontend web",
    `  bind 127.0.0.1:${port}`,
    "  default_backend apps",
    "backend apps",
    "  balance roundrobin",
    "  retry-on conn-failure",
    "  option httpchk GET /_dashbase/health",
    "  http-check expect status 200",
    ...servers,
    "listen stats",
    `  bind 127.0.0.1:${statsPort}`,
    "  stats enable",
    "  stats uri /stats",
    "",
  ].join("\n");
  const configFile = path.join(dir, "haproxy.cfg");
  fs.writeFileSync(configFile, config);
  const child = spawn(haproxyBinary, ["-db", "-f", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stats = async (): Promise<HaproxyServerStats[]> => {
    const response = await fetch(`http://127.0.0.1:${statsPort}/stats;csv`);
    const lines = (await response.text()).trim().split("\n");
    const header = (lines[0] ?? "").replace(/^# /, "").split(",");
    const column = (name: string): number => header.indexOf(name);
    return lines
      .slice(1)
      .map((line) => line.split(","))
      .filter((fields) => fields[column("pxname")] === "apps" && /^app\d+$/.test(fields[column("svname")] ?? ""))
      .map((fields) => ({
        name: fields[column("svname")] ?? "",
        status: fields[column("status")] ?? "",
        served: Number(fields[column("stot")] ?? 0),
      }));
  };

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${log}`);
    if ((await canConnect(port)) && (await canConnect(statsPort))) {
      const servers = await stats().catch(() => []);
      if (servers.length === backends.length && servers.every((server) => server.status === "UP")) break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`haproxy did not see every app process healthy:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url: `http://127.0.0.1:${port}`, stats, log: () => log, stop };
}
