/**
 * @module
 * Where the app listens: HOST, PORT and TRUST_PROXY, and whether it runs job handlers
 * (DASHBASE_JOBS_WORKERS). Only serving asks for these.
 */
import { readBoolean, readInteger, valueOf, type Env } from "./env-values.js";
import type { SettingProblem } from "./setting-problems.js";
import type { Profile, ServerSettings } from "./settings.js";

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
  };
}
