/**
 * Start-up: from launching the process to the first 200 on `/`, for the flagship
 * (examples/indicators) with `dashbase start` in production and `dashbase dev` in development, on
 * an existing, already-migrated embedded database and, when a server is given, on PostgreSQL;
 * next to a bare `node:http` server started the same way in the same run. Goal: 1.5 s.
 *
 *   npx tsx bench/startup.bench.ts                     # embedded
 *   BENCH_DATABASE_URL=postgres://... npx tsx bench/startup.bench.ts   # also PostgreSQL (or TEST_DATABASE_URL)
 *   BENCH_STARTUP_ROUNDS=5 ...                         # rounds per case (median shown; default 3)
 *
 * Needs `npm run build` first (the command runs from dist/, as an installed package does).
 */
import fs from "node:fs";
import path from "node:path";
import {
  benchServerUrl,
  bin,
  cleanEnv,
  flagship,
  launch,
  prepareFlagship,
  productionEmbedded,
  productionPostgres,
  tempDataDir,
  tempServerDatabase,
} from "./launched-app.js";

const rounds = Number(process.env["BENCH_STARTUP_ROUNDS"] ?? 3);
const goalMs = 1_500;
const bareServer = `require("node:http").createServer((q, s) => s.end("ok")).listen(Number(process.env.PORT), "127.0.0.1")`;

interface Case {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const dataDir = tempDataDir("startup");
  const embedded = productionEmbedded(dataDir);
  await prepareFlagship(embedded);
  const cases: Case[] = [
    { name: "bare node:http", args: ["-e", bareServer], env: cleanEnv({}) },
    { name: "start, production, embedded", args: [bin, "start", flagship], env: embedded },
    { name: "dev, development, embedded", args: [bin, "dev", flagship], env: { ...embedded, DASHBASE_ENV: "development" } },
  ];
  const serverUrl = benchServerUrl();
  const server = serverUrl === undefined ? undefined : await tempServerDatabase(serverUrl, "startup");
  if (server !== undefined) {
    const env = productionPostgres(server.url);
    await prepareFlagship(env);
    cases.push(
      { name: "start, production, PostgreSQL", args: [bin, "start", flagship], env },
      { name: "dev, development, PostgreSQL", args: [bin, "dev", flagship], env: { ...env, DASHBASE_ENV: "development" } },
    );
  }
  try {
    const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
    // Rounds interleave the cases, so a busy moment on a shared machine spreads over all of them.
    for (let round = 0; round < rounds; round += 1) {
      for (const c of cases) {
        const launched = await launch(c.args, c.env);
        times.get(c.name)!.push(launched.firstOkMs);
        await launched.stop();
      }
    }
    const bare = median(times.get("bare node:http")!);
    console.log(`launch -> first 200 on /, median of ${rounds} (goal: ${goalMs} ms)`);
    console.log(`${"case".padEnd(32)} ${"ms".padStart(7)} ${"x bare".padStart(8)}  goal`);
    for (const c of cases) {
      const ms = median(times.get(c.name)!);
      const goal = c.name === "bare node:http" ? "" : ms <= goalMs ? "met" : "MISSED";
      console.log(`${c.name.padEnd(32)} ${ms.toFixed(0).padStart(7)} ${(ms / bare).toFixed(1).padStart(7)}x  ${goal}`);
    }
  } finally {
    await server?.drop();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  }
}

await main();
