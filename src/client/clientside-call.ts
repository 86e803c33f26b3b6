/**
 * @module
 * Runs a clientside callback in the page (a lazy chunk: only pages that run one load it): the
 * values of a callback request handed to the app's function as a server handler gets them
 * (`{ initial }` filled in, `ctx.triggered`), and its answer read as the server reads a handler's
 * (`noUpdate`, `PreventUpdate`, one value per output), so the runner cannot tell the two apart.
 */
import { isNoUpdate, PreventUpdate } from "../callbacks/prevent-update.js";
import type { ClientsideContext, ClientsideTriggeredProp } from "../clientside/clientside-context.js";
import type { CallbackSpec, DependencyRef } from "../protocol/callback-spec.js";
import type { ComponentId } from "../protocol/ids.js";
import type { CallbackRequest, ConcreteRef, ConcreteValue } from "../protocol/messages.js";
import type { ComponentNode } from "../protocol/layout-tree.js";
import type { CallbackOutcome } from "./callback-outcome.js";
import type { PersistenceTarget } from "./persisted-props.js";

/**
 * `idKey` of src/protocol/ids.ts, handed over by the renderer: importing it here would split it
 * out of the first page's script into a chunk of its own, which weighs more than this whole file.
 */
type KeyOf = (id: ComponentId) => string;

/** The app's clientside module: callback id -> function. */
export type ClientsideFunctions = Readonly<Record<string, (...args: unknown[]) => unknown>>;

type Entry = ConcreteValue | readonly ConcreteValue[];

function valuesOf(entries: readonly Entry[], declared: readonly DependencyRef[]): unknown[] {
  return entries.map((entry, index) => {
    const ref = declared[index];
    const fill = ref !== undefined && "initial" in ref ? (value: unknown): unknown => value ?? ref.initial : (value: unknown) => value;
    return Array.isArray(entry) ? entry.map((one) => fill(one.value)) : fill((entry as ConcreteValue).value);
  });
}

function triggeredOf(request: CallbackRequest, idKey: KeyOf): ClientsideTriggeredProp[] {
  const byProp = new Map<string, ConcreteValue>();
  for (const entry of request.inputs)
    for (const ref of Array.isArray(entry) ? entry : [entry]) byProp.set(`${idKey(ref.id)}.${ref.property}`, ref);
  return request.changedPropIds.flatMap((propId) => {
    const ref = byProp.get(propId);
    return ref === undefined ? [] : [{ propId, id: ref.id, property: ref.property, value: ref.value }];
  });
}

function failure(spec: CallbackSpec, code: string, message: string): CallbackOutcome {
  return { kind: "error", code, message: `clientside callback "${spec.id}" ${message}` };
}

/** The answer `{ "<id key>": { "<property>": value } }`, or an error outcome for a malformed result. */
function answerOf(spec: CallbackSpec, request: CallbackRequest, result: unknown, idKey: KeyOf): CallbackOutcome {
  const outputs = request.outputs;
  if (result === undefined && outputs.length === 0) return { kind: "prevent" };
  if (!Array.isArray(result) || result.length !== outputs.length) {
    const found = Array.isArray(result) ? `an array of ${result.length}` : typeof result;
    return failure(
      spec,
      "DASHBASE_E_CALLBACK_RESULT",
      `must return an array with one value per output (${outputs.length}), found ${found}; return [value] even for one output`,
    );
  }
  const response: Record<string, Record<string, unknown>> = {};
  const put = (ref: ConcreteRef, value: unknown): void => {
    if (isNoUpdate(value) || value === undefined) return;
    (response[idKey(ref.id)] ??= {})[ref.property] = value;
  };
  for (const [index, entry] of outputs.entries()) {
    const value: unknown = result[index];
    if (!Array.isArray(entry)) {
      put(entry as ConcreteRef, value);
      continue;
    }
    if (isNoUpdate(value)) continue;
    if (!Array.isArray(value) || value.length !== entry.length)
      return failure(
        spec,
        "DASHBASE_E_CALLBACK_RESULT",
        `output ${index} matches ${entry.length} components, so it must return an array of ${entry.length} values`,
      );
    entry.forEach((ref: ConcreteRef, n: number) => put(ref, value[n]));
  }
  return Object.keys(response).length === 0 ? { kind: "prevent" } : { kind: "update", response };
}

/**
 * Calls a clientside callback's function with a request's values; never throws: a failure is an
 * error outcome naming the callback (and goes to the console with its stack).
 * @example
 * await callClientside((inputs) => [inputs[0] * 2], spec, request, idKey); // { kind: "update", response: { twice: { children: 4 } } }
 */
export async function callClientside(
  fn: ((...args: unknown[]) => unknown) | undefined,
  spec: CallbackSpec,
  request: CallbackRequest,
  idKey: KeyOf,
): Promise<CallbackOutcome> {
  if (typeof fn !== "function") return failure(spec, "DASHBASE_E_CALLBACK_UNKNOWN", "is not in the app's clientside module");
  const triggered = triggeredOf(request, idKey);
  const ctx: ClientsideContext = {
    triggeredId: triggered[0]?.id ?? null,
    triggered,
    inputsList: request.inputs,
    statesList: request.state,
    outputsList: request.outputs,
  };
  const inputs = valuesOf(request.inputs, spec.inputs);
  try {
    const result = await (spec.clientside?.withState === true ? fn(inputs, valuesOf(request.state, spec.state), ctx) : fn(inputs, ctx));
    return answerOf(spec, request, result, idKey);
  } catch (error) {
    if (error instanceof PreventUpdate) return { kind: "prevent" };
    console.error(`dashbase: clientside callback "${spec.id}" failed`, error);
    return failure(spec, "DASHBASE_E_CALLBACK_FAILED", `failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** What the clientside runner uses of the page's renderer. */
export interface ClientsideHost {
  readonly boot: { readonly clientside?: string | undefined; readonly dependencies: readonly CallbackSpec[] };
  readonly store: { node(key: string): ComponentNode | undefined };
  persistToServer(id: unknown, property: string, value: unknown): void;
}

/**
 * Server-persisted outputs are saved from here: no callback request carried them, so no server
 * saved them (the renderer leaves them to the server otherwise).
 */
function persistOutputs(
  host: ClientsideHost,
  persistTarget: (key: string, property: string) => PersistenceTarget,
  response: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): void {
  for (const [key, patch] of Object.entries(response)) {
    for (const [property, value] of Object.entries(patch))
      if (persistTarget(key, property) === "server") host.persistToServer(host.store.node(key)?.props.id, property, value);
  }
}

/**
 * The page's clientside runner: imports the app's clientside module once (on the first call),
 * then calls the function of each request's callback.
 */
export function clientsideCaller(
  host: ClientsideHost,
  persistTarget: (key: string, property: string) => PersistenceTarget,
  idKey: KeyOf,
): (request: CallbackRequest) => Promise<CallbackOutcome> {
  const specs = new Map(host.boot.dependencies.map((spec) => [spec.id, spec]));
  let loaded: Promise<ClientsideFunctions> | undefined;
  return async (request) => {
    const spec = specs.get(request.callbackId)!;
    loaded ??= (import(/* @vite-ignore */ host.boot.clientside ?? "") as Promise<{ default: ClientsideFunctions }>).then(
      (module) => module.default,
    );
    let functions: ClientsideFunctions;
    try {
      functions = await loaded;
    } catch (error) {
      loaded = undefined;
      return failure(
        spec,
        "DASHBASE_E_CLIENTSIDE_BUNDLE",
        `could not load the app's clientside module: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const outcome = await callClientside(functions[spec.id], spec, request, idKey);
    if (outcome.kind === "update") persistOutputs(host, persistTarget, outcome.response);
    return outcome;
  };
}
