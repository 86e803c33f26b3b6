/**
 * @module
 * Running one callback request: the body is checked against the registry (callback, ids,
 * properties, wildcard matches) before any handler runs; the handler's answer becomes
 * `{ "<id key>": { "<property>": value } }`, with `noUpdate` outputs left out.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { DashbaseError } from "../errors/dashbase-error.js";
import { translateDatabaseError } from "../db/translate-error.js";
import { idKey, type ComponentId, type IdValue } from "../protocol/ids.js";
import { idMatches, matchId } from "../protocol/pattern-match.js";
import { isMultiPattern } from "../protocol/wildcards.js";
import type { CallbackServices, ResolvedDependency, TriggeredProp } from "./callback-context.js";
import type { CallbackDefinition, CallbackErrorHandler, CallbackRegistry } from "./callback-registry.js";
import { dependencyKey, type Dependency } from "./dependency.js";
import { isNoUpdate, noUpdate, PreventUpdate } from "./prevent-update.js";
import { Patch } from "./patch.js";
import { noJobQueue } from "../jobs/enqueue-binding.js";
import { publisherFor } from "../push/session-publisher.js";

const noTopics: ReadonlyMap<string, boolean> = new Map();

/**
 * The result of a dispatch: new values (and the request's `persist` keys: which of them are
 * server-persisted props), or "nothing changes" (HTTP 204).
 */
export type DispatchResult =
  { kind: "update"; response: Record<string, Record<string, unknown>>; persist: ReadonlySet<string> } | { kind: "prevent" };

type Entry = ResolvedDependency | ResolvedDependency[];

function bad(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_BAD_REQUEST", message);
}

function mismatch(callback: CallbackDefinition, message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_CALLBACK_MISMATCH", `callback "${callback.id}": ${message}`, {
    details: { callbackId: callback.id },
  });
}

/** Whether an answer object has any entry (without listing its keys). */
function hasKeys(object: PropsById): boolean {
  for (const _ in object) return true;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readRef(raw: unknown, where: string, withValue: boolean): ResolvedDependency {
  if (!isRecord(raw))
    throw bad(`${where}: expected { id, property${withValue ? ", value" : ""} }, found ${JSON.stringify(raw)?.slice(0, 80)}`);
  const { id, property } = raw;
  if (typeof property !== "string") throw bad(`${where}.property: expected a string, found ${typeof property}`);
  if (typeof id !== "string" && !isRecord(id)) throw bad(`${where}.id: expected a string or an object id, found ${JSON.stringify(id)}`);
  return withValue ? { id: id as ComponentId, property, value: raw["value"] } : { id: id as ComponentId, property };
}

/** Checks one list of the request against the callback's declared dependencies. */
function resolveList(
  callback: CallbackDefinition,
  declared: readonly Dependency[],
  raw: unknown,
  name: "outputs" | "inputs" | "state",
  matchValues: Map<string, IdValue>,
): Entry[] {
  const list = raw === undefined && name === "state" ? [] : raw;
  if (!Array.isArray(list)) throw bad(`${name}: expected an array, found ${typeof list}`);
  if (list.length !== declared.length) {
    throw mismatch(
      callback,
      `expected ${declared.length} ${name} (${declared.map(dependencyKey).join(", ") || "none"}), found ${list.length}`,
    );
  }
  return declared.map((dependency, index) => {
    const where = `${name}[${index}]`;
    const many = isMultiPattern(dependency.id);
    const item: unknown = list[index];
    const check = (ref: ResolvedDependency): ResolvedDependency => {
      const bound = matchId(dependency.id, ref.id);
      if (bound === undefined || ref.property !== dependency.property) {
        throw mismatch(callback, `${where}: expected ${dependencyKey(dependency)}, found ${dependencyKey(ref)}`);
      }
      for (const [key, value] of Object.entries(bound)) {
        const previous = matchValues.get(key);
        if (previous === undefined) matchValues.set(key, value);
        else if (previous !== value)
          throw mismatch(
            callback,
            `${where}: MATCH key "${key}" is ${JSON.stringify(value)} here but ${JSON.stringify(previous)} elsewhere in the call`,
          );
      }
      return ref;
    };
    if (!many) {
      if (Array.isArray(item))
        throw mismatch(callback, `${where}: expected one { id, property } for ${dependencyKey(dependency)}, found an array`);
      return check(readRef(item, where, name !== "outputs"));
    }
    if (!Array.isArray(item))
      throw mismatch(
        callback,
        `${where}: expected an array of { id, property } for the wildcard ${dependencyKey(dependency)}, found ${typeof item}`,
      );
    return item.map((each: unknown, n) => check(readRef(each, `${where}[${n}]`, name !== "outputs")));
  });
}

/** The handler's values; a dependency declared with `{ initial }` gets that value where the component holds none, as its type promises. */
function valuesOf(entries: readonly Entry[], declared: readonly Dependency[]): unknown[] {
  return entries.map((entry, index) => {
    const dependency = declared[index]!;
    const fill = "initial" in dependency ? (value: unknown): unknown => value ?? dependency.initial : (value: unknown): unknown => value;
    return Array.isArray(entry) ? entry.map((ref) => fill(ref.value)) : fill((entry as ResolvedDependency).value);
  });
}

function readTriggered(callback: CallbackDefinition, raw: unknown, inputs: readonly Entry[]): TriggeredProp[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === "string"))
    throw bad('changedPropIds: expected an array of "<id key>.<property>" strings');
  const byProp = new Map<string, ResolvedDependency>();
  for (const entry of inputs) for (const ref of Array.isArray(entry) ? entry : [entry]) byProp.set(dependencyKey(ref), ref);
  return raw.map((propId: string) => {
    const ref = byProp.get(propId);
    if (ref === undefined)
      throw mismatch(callback, `changedPropIds: "${propId}" is not one of this call's inputs (${[...byProp.keys()].join(", ")})`);
    return { propId, id: ref.id, property: ref.property, value: ref.value };
  });
}

/** At most this many persisted outputs in one callback request (far more than any layout needs). */
const maxPersistKeys = 1000;

/**
 * Reads the optional `persist` list of a callback request: the `<id key>.<property>` keys of
 * outputs that are server-persisted props (the renderer knows which props of its layout
 * persist). Read with the rest of the request before the handler runs, so a malformed list is
 * refused with nothing done; the app saves the values the handler returns for those keys.
 * @throws DashbaseError DASHBASE_E_BAD_REQUEST when `persist` is not an array of short strings.
 */
function readPersistList(body: unknown): ReadonlySet<string> {
  const raw = typeof body === "object" && body !== null && !Array.isArray(body) ? (body as { persist?: unknown }).persist : undefined;
  if (raw === undefined) return new Set();
  if (!Array.isArray(raw) || raw.length > maxPersistKeys || !raw.every((key) => typeof key === "string" && key.length <= 500)) {
    throw new DashbaseError(
      "DASHBASE_E_BAD_REQUEST",
      `persist: expected an array of at most ${maxPersistKeys} "<id key>.<property>" strings (the outputs that are server-persisted props), found ${JSON.stringify(raw)?.slice(0, 80)}`,
    );
  }
  return new Set(raw as string[]);
}

function buildResponse(callback: CallbackDefinition, outputs: readonly Entry[], result: unknown): Record<string, Record<string, unknown>> {
  if (!Array.isArray(result) || result.length !== outputs.length) {
    const found = Array.isArray(result) ? `an array of ${result.length}` : typeof result;
    throw new DashbaseError(
      "DASHBASE_E_CALLBACK_RESULT",
      `callback "${callback.id}" must return an array with one value per output (${outputs.length}: ${callback.outputs.map(dependencyKey).join(", ")}), found ${found}; return [value] even for one output`,
      { details: { callbackId: callback.id } },
    );
  }
  const response: Record<string, Record<string, unknown>> = {};
  const put = (ref: ResolvedDependency, value: unknown): void => {
    if (isNoUpdate(value) || value === undefined) return;
    (response[idKey(ref.id)] ??= {})[ref.property] = value;
  };
  outputs.forEach((entry, index) => {
    const value: unknown = result[index];
    if (!Array.isArray(entry)) return put(entry as ResolvedDependency, value);
    if (isNoUpdate(value)) return undefined;
    if (!Array.isArray(value) || value.length !== entry.length) {
      throw new DashbaseError(
        "DASHBASE_E_CALLBACK_RESULT",
        `callback "${callback.id}" output ${index} (${dependencyKey(callback.outputs[index]!)}) matches ${entry.length} components, so it must return an array of ${entry.length} values; found ${Array.isArray(value) ? `${value.length}` : typeof value}`,
        { details: { callbackId: callback.id } },
      );
    }
    entry.forEach((ref, n) => put(ref, value[n]));
    return undefined;
  });
  return response;
}

/**
 * Where a `Patch` is refused: a server-persisted output (the server saves whole values and does
 * not hold every prop's current value to apply a patch to), and any output of a background
 * callback (its answer reaches the page over the push channel, which applies whole values).
 * @throws DashbaseError CALLBACK_RESULT naming the output and what to return instead.
 */
function refusePatch(callback: CallbackDefinition, response: PropsById, persist: ReadonlySet<string>, background: boolean): void {
  // for...in over plain answer objects: no arrays of entries made on every request.
  for (const key in response) {
    const props = response[key]!;
    for (const property in props) {
      if (!(props[property] instanceof Patch) || (!background && !persist.has(`${key}.${property}`))) continue;
      const where = background ? "an output of a background callback" : 'a server-persisted prop (persistence: "server")';
      throw new DashbaseError(
        "DASHBASE_E_CALLBACK_RESULT",
        `callback "${callback.id}" returned a Patch for ${key}.${property}, ${where}; return its whole new value instead`,
        { details: { callbackId: callback.id } },
      );
    }
  }
}

/** What handlers see as `env` when the app declares no `createApp({ env })` schema. */
const noAppEnv = Object.freeze({});

/** A signal that never aborts: what ordinary callbacks get. */
const neverAborts = new AbortController().signal;

/** A callback request checked against the registry, ready to run (here or in a background job). */
export interface PreparedCall {
  readonly callback: CallbackDefinition;
  readonly outputs: readonly Entry[];
  readonly inputs: readonly Entry[];
  readonly state: readonly Entry[];
  readonly triggered: readonly TriggeredProp[];
  readonly persist: ReadonlySet<string>;
}

/** Each id a wildcard dependency lists must fit the call's MATCH values (only wildcard entries are lists). */
function checkAgainstMatch(
  callback: CallbackDefinition,
  name: "inputs" | "state",
  declared: readonly Dependency[],
  entries: readonly Entry[],
  bound: Record<string, IdValue>,
): void {
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (!Array.isArray(entry)) continue;
    const pattern = declared[index]!.id;
    for (const ref of entry) {
      if (!idMatches(pattern, ref.id, bound))
        throw mismatch(callback, `${name}[${index}]: ${dependencyKey(ref)} is not smaller than the MATCH values of the call`);
    }
  }
}

/**
 * Checks a callback request against the registry; nothing runs.
 * @throws DashbaseError BAD_REQUEST / CALLBACK_UNKNOWN / CALLBACK_MISMATCH.
 */
export function prepareCall(registry: CallbackRegistry, body: unknown): PreparedCall {
  if (!isRecord(body)) throw bad("expected a JSON object { callbackId, outputs, inputs, state, changedPropIds }");
  const callbackId = body["callbackId"];
  if (typeof callbackId !== "string") throw bad(`callbackId: expected a string, found ${typeof callbackId}`);
  const callback = registry.get(callbackId);
  if (callback === undefined) {
    const known = registry.all().map((entry) => entry.id);
    throw new DashbaseError(
      "DASHBASE_E_CALLBACK_UNKNOWN",
      `no callback named "${callbackId.slice(0, 200)}"; expected one of: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", ..." : ""}`,
      {
        details: { callbackId: callbackId.slice(0, 200) },
      },
    );
  }
  if (callback.clientside !== undefined)
    throw bad(`callback "${callback.id}" runs in the browser (app.clientCallback); the server has no handler to call for it`);
  const matchValues = new Map<string, IdValue>();
  const outputs = resolveList(callback, callback.outputs, body["outputs"], "outputs", matchValues);
  const inputs = resolveList(callback, callback.inputs, body["inputs"], "inputs", matchValues);
  const state = resolveList(callback, callback.state, body["state"], "state", matchValues);
  // With every MATCH value bound, each listed id must fit the call (ALLSMALLER: come before it), as the renderer chose them.
  const bound = Object.fromEntries(matchValues);
  checkAgainstMatch(callback, "inputs", callback.inputs, inputs, bound);
  checkAgainstMatch(callback, "state", callback.state, state, bound);
  const triggered = readTriggered(callback, body["changedPropIds"], inputs);
  return { callback, outputs, inputs, state, triggered, persist: readPersistList(body) };
}

/** Answer values by component: `{ "<id key>": { "<property>": value } }`. */
export type PropsById = Record<string, Record<string, unknown>>;

/** Checks one `setProps(id, props)` call and adds it to `into`. */
export function addSetProps(into: PropsById, id: unknown, props: unknown): void {
  const validId =
    (typeof id === "string" && id !== "") ||
    (isRecord(id) && Object.keys(id).length > 0 && Object.values(id).every((v) => typeof v !== "object"));
  if (!validId)
    throw new TypeError(
      `setProps(id, props): expected a component id (a string, or an object id without wildcards), found ${JSON.stringify(id)}`,
    );
  if (!isRecord(props) || Object.keys(props).length === 0)
    throw new TypeError(
      `setProps(${JSON.stringify(id)}, props): expected an object of props such as { children: "..." }, found ${JSON.stringify(props)}`,
    );
  Object.assign((into[idKey(id as ComponentId)] ??= {}), props);
}

/** The declared progress outputs set to `values` (one each, in order), as an answer. */
export function progressResponse(callback: CallbackDefinition, values: unknown): PropsById {
  const outputs = callback.background?.progress ?? [];
  if (outputs.length === 0)
    throw new TypeError(
      `callback "${callback.id}": progress(...) needs progress outputs: declare { background: true, progress: [Output(id, property)] }`,
    );
  if (!Array.isArray(values) || values.length !== outputs.length)
    throw new TypeError(
      `callback "${callback.id}": progress(values) expects an array of ${outputs.length} (${outputs.map(dependencyKey).join(", ")}), found ${Array.isArray(values) ? `an array of ${values.length}` : typeof values}`,
    );
  const response: PropsById = {};
  outputs.forEach((output, index) => {
    const value: unknown = values[index];
    if (!isNoUpdate(value) && value !== undefined) (response[idKey(output.id as ComponentId)] ??= {})[output.property] = value;
  });
  return response;
}

/** What only the place that runs a handler can give it: background jobs report as they go. */
export interface RunHooks {
  readonly signal?: AbortSignal;
  /** Background callbacks: sends progress and setProps values to the tab at once. */
  readonly report?: (response: PropsById) => Promise<void>;
  /** The app's error handler, used when the callback has none of its own. */
  readonly onError?: CallbackErrorHandler | undefined;
}

/** Handler services without the per-call parts, which `runPreparedCall` adds. */
export type DispatchServices = Omit<CallbackServices, "ctx" | "env" | "enqueue" | "publish" | "setProps" | "progress" | "signal"> & {
  env?: CallbackServices["env"];
  enqueue?: CallbackServices["enqueue"];
  publish?: CallbackServices["publish"];
};

/**
 * Runs a prepared call's handler and builds its answer.
 * @throws DashbaseError CALLBACK_RESULT for a malformed answer; CALLBACK_FAILED (with the cause)
 *   when the handler throws; database failures keep their own codes.
 */
export async function runPreparedCall(
  call: PreparedCall,
  services: DispatchServices,
  requestId: string,
  hooks: RunHooks = {},
): Promise<DispatchResult> {
  const { callback, outputs, inputs, state, triggered, persist } = call;
  const ctx = { triggeredId: triggered[0]?.id ?? null, triggered, inputsList: inputs, statesList: state, outputsList: outputs, requestId };
  const extra: PropsById = {};
  // Reports of one call reach the tab in the order they were made. They are sent outside the
  // handler's async context: a report made inside the handler's transaction must not count as a
  // statement of that transaction (on the embedded database it would wait for its end).
  let reported = Promise.resolve();
  const report = hooks.report;
  // Taken only for calls that report (background jobs): a snapshot binds an AsyncResource, which
  // showed in the profile of every ordinary callback request.
  const outside = report === undefined ? undefined : AsyncLocalStorage.snapshot();
  const send = (response: PropsById): Promise<void> => {
    if (report === undefined || outside === undefined) return Promise.resolve();
    reported = outside(() => reported.then(() => report(response)));
    return Promise.resolve();
  };
  // Every field named, not spread from `services`: a spread gives each call's object a shape of
  // its own, and V8 then defined the properties below through its slow path on every request.
  const handlerServices: CallbackServices = {
    db: services.db,
    store: services.store,
    session: services.session,
    env: services.env ?? noAppEnv,
    enqueue: services.enqueue ?? noJobQueue,
    publish: services.publish ?? publisherFor(undefined, noTopics, services.session.owner),
    ctx,
    signal: hooks.signal ?? neverAborts,
    setProps: (id, props) => {
      if (report === undefined) return addSetProps(extra, id, props);
      const one: PropsById = {};
      addSetProps(one, id, props);
      refusePatch(callback, one, persist, true);
      void send(one).catch(() => undefined);
    },
    progress: (values) => {
      const response = progressResponse(callback, values);
      refusePatch(callback, response, persist, true);
      return send(response);
    },
  };
  const onError = callback.onError ?? hooks.onError;
  let result: unknown;
  try {
    try {
      result = await callback.handler(valuesOf(inputs, callback.inputs), valuesOf(state, callback.state), handlerServices);
    } catch (error) {
      if (error instanceof PreventUpdate || onError === undefined) throw error;
      result = await onError(error, handlerServices);
      // Nothing returned: the error is handled and the outputs stay as they are.
      if (result === undefined) result = callback.outputs.map(() => noUpdate);
    }
    await reported;
  } catch (error) {
    if (error instanceof PreventUpdate) return hasKeys(extra) ? { kind: "update", response: extra, persist } : { kind: "prevent" };
    // Database failures keep their own codes: an outage is a 503, a duplicate a 409.
    const translated = translateDatabaseError(error);
    if (translated instanceof DashbaseError) throw translated;
    const message = error instanceof Error ? error.message : String(error);
    throw new DashbaseError("DASHBASE_E_CALLBACK_FAILED", `callback "${callback.id}" failed: ${message}`, {
      cause: error,
      details: { callbackId: callback.id },
    });
  }
  // A callback without outputs (it only writes to the database, or uses setProps) may return nothing.
  if (result === undefined && outputs.length === 0) result = [];
  const response = buildResponse(callback, outputs, result);
  // setProps values first, so an output naming the same prop wins.
  let answer = response;
  if (hasKeys(extra)) {
    for (const key in response) extra[key] = { ...extra[key], ...response[key] };
    answer = extra;
  }
  refusePatch(callback, answer, persist, report !== undefined);
  return hasKeys(answer) ? { kind: "update", response: answer, persist } : { kind: "prevent" };
}

/**
 * Validates a callback request against the registry and runs its handler.
 * @throws DashbaseError BAD_REQUEST / CALLBACK_UNKNOWN / CALLBACK_MISMATCH before the handler runs;
 *   CALLBACK_RESULT for a malformed answer; CALLBACK_FAILED (with the cause) when the handler throws.
 * @example
 * const result = await dispatchCallback(registry, body, { db, store, session }, requestId);
 */
export async function dispatchCallback(
  registry: CallbackRegistry,
  body: unknown,
  services: DispatchServices,
  requestId: string,
  hooks: RunHooks = {},
): Promise<DispatchResult> {
  return runPreparedCall(prepareCall(registry, body), services, requestId, hooks);
}
