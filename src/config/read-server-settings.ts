/**
 * @module
 * Where the app listens: HOST, PORT and TRUST_PROXY, and whether it runs job handlers
 * (DASHBASE_JOBS_WORKERS). Only serving asks for these.
 */
import { readBoolean, readInteger, valueOf, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { Profile, RequestLogSetting, ServerSettings } from "./settings.js";
import { readYoungGenerationMb } from "./young-generation.js";
import { readOldGenerationGrowthPercent } from "./old-generation.js";

/**
 * DASHBASE_REQUEST_LOG: `all` (or unset), `errors`, `off`, or the share of requests to log, such as `0.1`.
 * @example
 * readRequestLog({ DASHBASE_REQUEST_LOG: "0.05" }, problems) // { sampleRate: 0.05 }
 */
export function readRequestLog(env: Env, problems: SettingProblem[]): RequestLogSetting | undefined {
  const raw = valueOf(env, "DASHBASE_REQUEST_LOG");
  if (raw === undefined) return undefined;
  const lower = raw.trim().toLowerCase();
  if (lower === "all" || lower === "on") return { sampleRate: 1 };
  if (lower === "errors") return { sampleRate: 0 };
  if (lower === "off") return "off";
  const rate = Number(lower);
  if (lower !== "" && Number.isFinite(rate) && rate >= 0 && rate <= 1) return { sampleRate: rate };
  problems.push({
    variables: ["DASHBASE_REQUEST_LOG"],
    message: `DASHBASE_REQUEST_LOG: expected all, errors, off, or the share of requests to log between 0 and 1 (such as 0.1), found "${raw}"`,
  });
  return undefined;
}

function requestLogOf(env: Env, problems: SettingProblem[]): { requestLog?: RequestLogSetting } {
  const requestLog = readRequestLog(env, problems);
  return requestLog === undefined ? {} : { requestLog };
}

/**
 * @example
 * readServerSettings({ PORT: "3000" }, "development", problems) // { host: "127.0.0.1", port: 3000, trustProxy: false }
 */
export function readServerSettings(env: Env, profile: Profile, problems: SettingProblem[]): ServerSettings {
  return {
    host: valueOf(env, "HOST") ?? (profile === "production" ? "0.0.0.0" : "127.0.0.1"),
    port: readInteger(env, "PORT", 8050, 0, problems),
    trustProxy: readBoolean(env, "TRUST_PROXY", problems),
    ...(valueOf(env, "DASHBASE_JOBS_WORKERS") === undefined ? {} : { jobWorkers: readBoolean(env, "DASHBASE_JOBS_WORKERS", problems) }),
    ...(valueOf(env, "DASHBASE_STORE_MAX_KEYS_PER_OWNER") === undefined
      ? {}
      : { storeMaxKeysPerOwner: readInteger(env, "DASHBASE_STORE_MAX_KEYS_PER_OWNER", 1000, 1, problems) }),
    ...(valueOf(env, "DASHBASE_STORE_MAX_BYTES_PER_OWNER") === undefined
      ? {}
      : { storeMaxBytesPerOwner: readInteger(env, "DASHBASE_STORE_MAX_BYTES_PER_OWNER", 4_194_304, 16, problems) }),
    ...requestLogOf(env, problems),
    ...(valueOf(env, "DASHBASE_YOUNG_GENERATION_MB") === undefined ? {} : { youngGenerationMb: readYoungGenerationMb(env, problems) }),
    ...(valueOf(env, "DASHBASE_OLD_GENERATION_GROWTH_PERCENT") === undefined
      ? {}
      : { oldGenerationGrowthPercent: readOldGenerationGrowthPercent(env, problems) }),
  };
}
