/**
 * @module
 * The callbacks of one app: registered in order, named by their outputs (as Dash names them),
 * listed for the renderer as the dependency list.
 */
import { callerSource } from "./caller-source.js";
import { dependencyKey, type DependencyId, type InputDependency, type OutputDependency, type StateDependency } from "./dependency.js";
import type { CallbackServices } from "./callback-context.js";
import type { CallbackSpec as WireCallbackSpec, DependencyRef as WireDependencyRef } from "../protocol/callback-spec.js";

/** A handler as the registry calls it: values in, one value per output back. */
export type RegisteredHandler = (inputs: unknown[], state: unknown[], services: CallbackServices) => unknown;

export interface CallbackOptions {
  /** Do not fire when the page loads, only when an input changes (default false). */
  preventInitialCall?: boolean;
}

/** One registered callback. */
export interface CallbackDefinition {
  /** Stable name: `<id key>.<property>` of the single output, or `..a.x...b.y..` for several. */
  readonly id: string;
  readonly outputs: readonly OutputDependency[];
  readonly inputs: readonly InputDependency[];
  readonly state: readonly StateDependency[];
  readonly preventInitialCall: boolean;
  readonly handler: RegisteredHandler;
  /** Where it was registered (file:line), for startup messages. */
  readonly source: string | undefined;
}

/** One dependency as the wire lists it. */
export type DependencyRef = WireDependencyRef<DependencyId>;

/** One callback as `GET /_dashbase/dependencies` lists it. */
export type CallbackSpec = WireCallbackSpec<DependencyId>;

function callbackName(outputs: readonly OutputDependency[], inputs: readonly InputDependency[]): string {
  if (outputs.length === 1) return dependencyKey(outputs[0]!);
  if (outputs.length > 1) return `..${outputs.map(dependencyKey).join("...")}..`;
  return `(no output)<-${inputs.map(dependencyKey).join(",")}`;
}

/** Refuses anything that is not a dependency of the expected kind, saying which argument it was. */
function checkList<Kind extends string>(list: unknown, kind: Kind, what: string): void {
  if (!Array.isArray(list))
    throw new TypeError(`app.callback: expected ${what} to be an array of ${kind}(...) values, found ${typeof list}`);
  list.forEach((item: unknown, index) => {
    const found = (item as { kind?: unknown } | null)?.kind;
    if (found !== kind) {
      throw new TypeError(
        `app.callback: ${what}[${index}] must be ${kind[0]!.toUpperCase()}${kind.slice(1)}(id, property), found ${found === undefined ? JSON.stringify(item) : `${String(found)}(...)`}`,
      );
    }
  });
}

/**
 * The callback registry of one app.
 * @example
 * const registry = new CallbackRegistry();
 * registry.add({ outputs: [Output("out", "children")], inputs: [Input("in", "value")], state: [], handler: ([v]) => [v] });
 */
export class CallbackRegistry {
  private readonly byId = new Map<string, CallbackDefinition>();

  add(definition: {
    outputs: readonly OutputDependency[];
    inputs: readonly InputDependency[];
    state: readonly StateDependency[];
    handler: RegisteredHandler;
    options?: CallbackOptions | undefined;
  }): CallbackDefinition {
    checkList(definition.outputs, "output", "outputs");
    checkList(definition.inputs, "input", "inputs");
    checkList(definition.state, "state", "state");
    if (definition.inputs.length === 0) {
      throw new TypeError("app.callback: expected at least one Input(id, property) to fire the callback, found none");
    }
    if (typeof definition.handler !== "function") {
      throw new TypeError(`app.callback: expected a handler function after the dependency lists, found ${typeof definition.handler}`);
    }
    let id = callbackName(definition.outputs, definition.inputs);
    for (let n = 2; this.byId.has(id); n += 1) id = `${callbackName(definition.outputs, definition.inputs)}#${n}`;
    const entry: CallbackDefinition = Object.freeze({
      id,
      outputs: Object.freeze([...definition.outputs]),
      inputs: Object.freeze([...definition.inputs]),
      state: Object.freeze([...definition.state]),
      preventInitialCall: definition.options?.preventInitialCall ?? false,
      handler: definition.handler,
      source: callerSource(),
    });
    this.byId.set(id, entry);
    return entry;
  }

  get(id: string): CallbackDefinition | undefined {
    return this.byId.get(id);
  }

  all(): CallbackDefinition[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }

  /** The dependency list the renderer fetches. */
  specs(): CallbackSpec[] {
    const ref = (dependency: { id: DependencyId; property: string }): DependencyRef => ({
      id: dependency.id,
      property: dependency.property,
    });
    return this.all().map((callback) => ({
      id: callback.id,
      outputs: callback.outputs.map(ref),
      inputs: callback.inputs.map(ref),
      state: callback.state.map(ref),
      preventInitialCall: callback.preventInitialCall,
    }));
  }
}
