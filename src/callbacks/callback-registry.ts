/**
 * @module
 * The callbacks of one app: registered in order, named by their outputs (as Dash names them),
 * listed for the renderer as the dependency list.
 */
import { callerSource } from "./caller-source.js";
import { dependencyKey, type DependencyId, type InputDependency, type OutputDependency, type StateDependency } from "./dependency.js";
import type { CallbackServices } from "./callback-context.js";
import type { ClientsideRef } from "./clientside-ref.js";
import type { CallbackSpec as WireCallbackSpec, DependencyRef as WireDependencyRef } from "../protocol/callback-spec.js";

/** A handler as the registry calls it: values in, one value per output back. */
import type { AccessRule } from "../auth/access-rule.js";

export type RegisteredHandler = (inputs: unknown[], state: unknown[], services: CallbackServices) => unknown;

/**
 * Turns a handler's exception into an answer (Dash's `on_error`): return one value per output,
 * or nothing to leave the outputs alone. Either way the page shows no error notice; `setProps`
 * works here too. What it throws is reported as the callback's failure.
 */
export type CallbackErrorHandler = (error: unknown, services: CallbackServices) => unknown;

/** `[Output(id, property), valueWhileRunning, valueAfter]`, as Dash's `running` entries. */
export type RunningEntry = readonly [output: OutputDependency, during: unknown, after: unknown];

/** Options of a background callback besides `background: true`. */
export interface BackgroundOptions {
  /** How long the job may run before its signal aborts and it counts as failed (default 15 minutes). */
  timeoutMs?: number;
}

export interface CallbackOptions {
  /** Do not fire when the page loads, only when an input changes (default false). */
  preventInitialCall?: boolean;
  /**
   * Props set in the browser while the call is in flight and set back when it answers, fails or is
   * cancelled: `[[Output("run", "disabled"), true, false]]`.
   */
  running?: readonly RunningEntry[];
  /**
   * Runs the handler as a durable job on the app's database instead of inside the request: the
   * request answers at once, the result reaches the tab (or, after a reload, the session) over the
   * push channel, and the job survives a restart. Needed for `progress` and `cancel`.
   */
  background?: boolean | BackgroundOptions;
  /** Outputs that `progress([...])` in the handler sets while it runs (background callbacks only). */
  progress?: readonly OutputDependency[];
  /** Inputs whose change cancels the running job: the handler's `signal` aborts (background callbacks only). */
  cancel?: readonly InputDependency[];
  /** This callback's error handler; overrides the app's `createApp({ callbacks: { onError } })`. */
  onError?: CallbackErrorHandler;
  /**
   * Who may run it: `"user"` or `{ role: "editor" }`. Without it, the callback takes the rule of
   * the protected pages whose layouts show its ids (the strictest when several do); this wins over them.
   */
  access?: AccessRule;
}

/** What a background callback declared. */
export interface BackgroundDefinition {
  readonly progress: readonly OutputDependency[];
  readonly cancel: readonly InputDependency[];
  readonly timeoutMs: number | undefined;
}

/** One registered callback. */
export interface CallbackDefinition {
  /** Stable name: `<id key>.<property>` of the single output, or `..a.x...b.y..` for several. */
  readonly id: string;
  readonly outputs: readonly OutputDependency[];
  readonly inputs: readonly InputDependency[];
  readonly state: readonly StateDependency[];
  readonly preventInitialCall: boolean;
  readonly running: readonly RunningEntry[];
  /** Set when the callback runs as a background job. */
  readonly background: BackgroundDefinition | undefined;
  readonly onError: CallbackErrorHandler | undefined;
  readonly handler: RegisteredHandler;
  /** Where it was registered (file:line), for startup messages. */
  readonly source: string | undefined;
  /** Set when the callback runs in the browser (`app.clientCallback`): the server never calls `handler`. */
  readonly clientside: ClientsideDefinition | undefined;
}

/** Where a clientside callback's function lives, and how it is called. */
export interface ClientsideDefinition {
  readonly ref: ClientsideRef;
  /** Declared with a State list: called `(inputs, state, ctx)`, else `(inputs, ctx)`, as server handlers. */
  readonly withState: boolean;
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

function readRunning(raw: unknown): readonly RunningEntry[] {
  if (raw === undefined) return Object.freeze([]);
  const shape = "expected running: [[Output(id, property), valueWhileRunning, valueAfter], ...]";
  if (!Array.isArray(raw)) throw new TypeError(`app.callback: ${shape}, found ${typeof raw}`);
  raw.forEach((entry: unknown, index) => {
    if (!Array.isArray(entry) || entry.length !== 3 || (entry[0] as { kind?: unknown } | null)?.kind !== "output")
      throw new TypeError(`app.callback: running[${index}]: ${shape}, found ${JSON.stringify(entry)?.slice(0, 120)}`);
  });
  return Object.freeze(raw.map((entry: RunningEntry) => Object.freeze([...entry] as const)));
}

/** A clientside callback runs in the browser: server-only options cannot apply to it. */
function checkClientsideOptions(options: CallbackOptions): void {
  for (const name of ["background", "progress", "cancel", "onError"] as const) {
    if (options[name] !== undefined)
      throw new TypeError(
        `app.clientCallback: ${name} is a server callback option; a clientside callback runs in the browser (use app.callback for ${name === "onError" ? "an error handler" : "a background job"})`,
      );
  }
}

function readOnError(raw: unknown): CallbackErrorHandler | undefined {
  if (raw === undefined || typeof raw === "function") return raw as CallbackErrorHandler | undefined;
  throw new TypeError(`app.callback: expected onError to be a function (error, services) => outputs | undefined, found ${typeof raw}`);
}

function readBackground(options: CallbackOptions): BackgroundDefinition | undefined {
  const { background, progress, cancel } = options;
  if (background === undefined || background === false) {
    if (progress !== undefined || cancel !== undefined)
      throw new TypeError("app.callback: progress and cancel need background: true (they report from and stop a background job)");
    return undefined;
  }
  if (background !== true && (typeof background !== "object" || background === null))
    throw new TypeError(`app.callback: expected background: true or { timeoutMs }, found ${JSON.stringify(background)}`);
  const timeoutMs = background === true ? undefined : background.timeoutMs;
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1000))
    throw new TypeError(`app.callback: background.timeoutMs: expected whole milliseconds of at least 1000, found ${String(timeoutMs)}`);
  if (progress !== undefined) checkList(progress, "output", "progress");
  if (cancel !== undefined) checkList(cancel, "input", "cancel");
  return Object.freeze({
    progress: Object.freeze([...(progress ?? [])]),
    cancel: Object.freeze([...(cancel ?? [])]),
    timeoutMs,
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
    clientside?: ClientsideDefinition | undefined;
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
    const options = definition.options ?? {};
    if (definition.clientside !== undefined) checkClientsideOptions(options);
    const running = readRunning(options.running);
    const background = readBackground(options);
    let id = callbackName(definition.outputs, definition.inputs);
    for (let n = 2; this.byId.has(id); n += 1) id = `${callbackName(definition.outputs, definition.inputs)}#${n}`;
    const entry: CallbackDefinition = Object.freeze({
      id,
      outputs: Object.freeze([...definition.outputs]),
      inputs: Object.freeze([...definition.inputs]),
      state: Object.freeze([...definition.state]),
      preventInitialCall: options.preventInitialCall ?? false,
      running,
      background,
      onError: readOnError(options.onError),
      handler: definition.handler,
      source: callerSource(),
      clientside: definition.clientside,
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
    // A clientside callback's Inputs and State carry their `{ initial }`: the browser fills it in as the server would.
    const withInitial = (dependency: InputDependency | StateDependency): DependencyRef =>
      "initial" in dependency ? { ...ref(dependency), initial: dependency.initial } : ref(dependency);
    return this.all().map((callback) => ({
      id: callback.id,
      outputs: callback.outputs.map(ref),
      inputs: callback.inputs.map(callback.clientside === undefined ? ref : withInitial),
      state: callback.state.map(callback.clientside === undefined ? ref : withInitial),
      ...(callback.clientside === undefined ? {} : { clientside: { withState: callback.clientside.withState } }),
      preventInitialCall: callback.preventInitialCall,
      ...(callback.running.length === 0
        ? {}
        : { running: callback.running.map(([output, during, after]) => ({ ...ref(output), during, after })) }),
      ...(callback.background === undefined
        ? {}
        : { background: { progress: callback.background.progress.map(ref), cancel: callback.background.cancel.map(ref) } }),
    }));
  }
}
