/**
 * @module
 * One load point: autocannon in a child process (so the servers under test keep this process's
 * event loop) posting `body` to `url`, read back as requests per second, p50/p99 and errors.
 */
import { spawn } from "node:child_process";
import path from "node:path";

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const autocannon = path.resolve(import.meta.dirname, "..", "node_modules", ".bin", "autocannon");

/**
 * Posts `body` (JSON) to `url` from `connections` connections for `durationS` seconds (or `requests` in all).
 * @example
 * const { rps, p99 } = await postLoad(url, { connections: 8, durationS: 2, body, headers: { cookie } });
 */
export async function postLoad(
  url: string,
  options: { connections: number; body: string; headers: Record<string, string> } & ({ durationS: number } | { requests: number }),
): Promise<Measured> {
  const length = "requests" in options ? ["-a", String(options.requests)] : ["-d", String(options.durationS)];
  const args = ["-j", "-c", String(options.connections), ...length, "-m", "POST", "-b", options.body];
  args.push("-H", "content-type=application/json");
  for (const [name, value] of Object.entries(options.headers)) args.push("-H", `${name}=${value}`);
  const child = spawn(autocannon, [...args, url], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`autocannon failed: ${stderr}`);
  const json = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return { rps: json.requests.average, p50: json.latency.p50, p99: json.latency.p99, errors: json.non2xx + json.errors };
}
