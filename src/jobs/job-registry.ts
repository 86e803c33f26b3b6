/**
 * @module
 * The jobs an app declares (`app.job(name, handler, options)`), by name, with their options
 * resolved against the defaults. Names starting with `dashbase.` are the framework's own.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import { jobDefaults, type JobDefinition, type JobHandler, type JobOptions, type JobRef } from "./job-types.js";

/** The prefix of the framework's own job names (`dashbase.callback`). */
export const internalJobPrefix = "dashbase.";

const namePattern = /^[A-Za-z0-9][\w.-]{0,99}$/;

function invalid(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_APP_INVALID", message);
}

function resolveOptions(name: string, options: JobOptions): Required<JobOptions> {
  const resolved = { ...jobDefaults, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  const whole = (key: keyof JobOptions, min: number, max: number) => {
    const value = resolved[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max)
      throw invalid(`app.job("${name}"): ${key} must be a whole number from ${min} to ${max}, found ${String(value)}`);
  };
  // pg-boss expires an active job after at most 24 h; a job's timeout stays below that.
  whole("timeoutMs", 1_000, 23 * 3_600_000);
  whole("retries", 0, 1_000);
  whole("retryDelayMs", 0, 24 * 3_600_000);
  whole("perOwnerLimit", 1, 1_000_000);
  whole("concurrency", 1, 1_000);
  if (typeof resolved.backoff !== "boolean") throw invalid(`app.job("${name}"): backoff must be true or false`);
  return resolved;
}

/**
 * Declared jobs by name.
 * @example
 * const jobs = new JobRegistry();
 * const ref = jobs.add("count-words", async (data: { text: string }) => data.text.length);
 */
export class JobRegistry {
  readonly #jobs = new Map<string, JobDefinition>();

  /** Declares an app job; `dashbase.`-names are refused (the framework's own, see `addInternal`). */
  add<Data>(name: string, handler: JobHandler<Data>, options: JobOptions = {}): JobRef<Data> {
    if (typeof name === "string" && name.startsWith(internalJobPrefix))
      throw invalid(`app.job("${name}"): names starting with "${internalJobPrefix}" belong to dashbase; choose another name`);
    return this.addInternal(name, handler, options);
  }

  /** Declares a job under any valid name, `dashbase.`-names included (framework code only). */
  addInternal<Data>(name: string, handler: JobHandler<Data>, options: JobOptions = {}): JobRef<Data> {
    if (typeof name !== "string" || !namePattern.test(name))
      throw invalid(
        `app.job(${JSON.stringify(name)}): expected a name of letters, digits, ".", "_" or "-" (at most 100, starting with a letter or digit)`,
      );
    if (typeof handler !== "function") throw invalid(`app.job("${name}", handler): expected a function, found ${typeof handler}`);
    if (this.#jobs.has(name)) throw invalid(`app.job("${name}"): a job with this name is already declared; expected each name once`);
    this.#jobs.set(
      name,
      Object.freeze({ name, handler: handler as JobHandler<never>, options: Object.freeze(resolveOptions(name, options)) }),
    );
    return Object.freeze({ name }) as JobRef<Data>;
  }

  get(name: string): JobDefinition | undefined {
    return this.#jobs.get(name);
  }

  list(): JobDefinition[] {
    return [...this.#jobs.values()];
  }

  get size(): number {
    return this.#jobs.size;
  }
}
