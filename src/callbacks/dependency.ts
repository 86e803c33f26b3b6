/**
 * @module
 * Callback dependencies: `Output`, `Input` and `State` over a component id and a property, and the
 * pattern-matching wildcards `ALL`, `MATCH` and `ALLSMALLER` (defined with the wire protocol in src/protocol).
 * Each dependency carries a phantom value type, so handlers see typed arguments. An Input or State value
 * is `T | undefined` in the handler: the first call and an untouched component bring no value, and a type
 * that said otherwise would let `clicks.toFixed()` compile and fail in the browser. `{ initial }` opts out,
 * and the dispatcher makes it true by passing that value in place of a missing one.
 */
import { propKey } from "../protocol/ids.js";
import type { DependencyId, Wildcard } from "../protocol/wildcards.js";
import type { NoUpdate } from "./prevent-update.js";
import type { Patch } from "./patch.js";

// The wildcards and dependency ids are the wire protocol's (src/protocol/wildcards.ts); the
// package exports ALL, MATCH and ALLSMALLER from here.
export { ALL, ALLSMALLER, MATCH, type DependencyId, type Wildcard, type WildcardName } from "../protocol/wildcards.js";

export type DependencyKind = "output" | "input" | "state";

/**
 * A dependency; `Value` is the property's type. `HasInitial` is `true` when the Input or State was given
 * `{ initial }`, so the handler sees `Value` rather than `Value | undefined`.
 */
export interface Dependency<
  Kind extends DependencyKind = DependencyKind,
  Value = unknown,
  Id extends DependencyId = DependencyId,
  HasInitial extends boolean = boolean,
> {
  readonly kind: Kind;
  readonly id: Id;
  readonly property: string;
  /** What the handler receives while the property holds no value (undefined or null); set by `{ initial }`. */
  readonly initial?: Value;
  /** Outputs only: another callback may write this property too (Dash's `allow_duplicate`). */
  readonly allowDuplicate?: boolean;
  /** Phantom: never set, only typed. */
  readonly __value?: Value;
  /** Phantom: never set, only typed. */
  readonly __hasInitial?: HasInitial;
}

export type OutputDependency<Value = unknown, Id extends DependencyId = DependencyId> = Dependency<"output", Value, Id>;
export type InputDependency<Value = unknown, Id extends DependencyId = DependencyId, HasInitial extends boolean = boolean> = Dependency<
  "input",
  Value,
  Id,
  HasInitial
>;
export type StateDependency<Value = unknown, Id extends DependencyId = DependencyId, HasInitial extends boolean = boolean> = Dependency<
  "state",
  Value,
  Id,
  HasInitial
>;

/** Options of `Output`. */
export interface OutputOptions {
  /**
   * Lets this callback write a property another callback writes too (Dash's `allow_duplicate`):
   * each answer sets the property as it arrives. Every writer but one must say so.
   */
  readonly allowDuplicate?: boolean;
}

/** Options of `Input` and `State`. */
export interface ValueOptions<Value> {
  /**
   * The value the handler receives while the property holds none (the first call, an untouched
   * component, a cleared value): the dispatcher passes it in place of `undefined` or `null`, so the
   * handler's argument is typed `Value` instead of `Value | undefined`.
   */
  readonly initial: Value;
}

/** `<id key>.<property>`, the name of one dependency (wildcards kept as `["ALL"]` in the key). */
export function dependencyKey(dependency: { id: DependencyId; property: string }): string {
  return propKey(dependency.id, dependency.property);
}

function make<Kind extends DependencyKind, Value, Id extends DependencyId, HasInitial extends boolean>(
  kind: Kind,
  id: Id,
  property: string,
  options?: ValueOptions<Value>,
): Dependency<Kind, Value, Id, HasInitial> {
  if (typeof property !== "string" || property === "") {
    throw new TypeError(
      `${kind}(${JSON.stringify(id)}, property): expected a property name such as "value", found ${JSON.stringify(property)}`,
    );
  }
  if (typeof id === "string") {
    if (id === "") throw new TypeError(`${kind}("", "${property}"): expected a component id, found an empty string`);
  } else if (typeof id !== "object" || id === null || Array.isArray(id) || Object.keys(id).length === 0) {
    throw new TypeError(
      `${kind}(id, "${property}"): expected a string id or an object id such as { type: "filter", index: ALL }, found ${JSON.stringify(id)}`,
    );
  }
  if (options !== undefined && (typeof options !== "object" || options === null || !("initial" in options))) {
    throw new TypeError(
      `${kind}(${JSON.stringify(id)}, "${property}", options): expected { initial: value }, found ${JSON.stringify(options)}`,
    );
  }
  const frozenId = (typeof id === "string" ? id : Object.freeze({ ...id })) as Id;
  // `initial` is left off when not given, so `"initial" in dependency` tells the dispatcher whether to fill in.
  return Object.freeze(
    options === undefined ? { kind, id: frozenId, property } : { kind, id: frozenId, property, initial: options.initial },
  );
}

/**
 * A property a callback writes; `{ allowDuplicate: true }` lets a second callback write it too.
 * @example
 * Output<PlotlyFigure>("chart", "figure")
 * Output<string>("status", "children", { allowDuplicate: true })
 */
export function Output<Value = unknown, const Id extends DependencyId = DependencyId>(
  id: Id,
  property: string,
  options?: OutputOptions,
): OutputDependency<Value, Id> {
  const output = make<"output", Value, Id, boolean>("output", id, property);
  if (options === undefined) return output;
  if (
    typeof options !== "object" ||
    options === null ||
    (options.allowDuplicate !== undefined && typeof options.allowDuplicate !== "boolean")
  ) {
    throw new TypeError(
      `Output(${JSON.stringify(id)}, "${property}", options): expected { allowDuplicate: boolean }, found ${JSON.stringify(options)}`,
    );
  }
  return options.allowDuplicate === true ? Object.freeze({ ...output, allowDuplicate: true }) : output;
}

/**
 * A property whose change fires the callback; its value is passed to the handler, typed `Value | undefined`
 * (the first call and an untouched component bring none) unless `{ initial }` stands in for a missing value.
 * @example
 * Input<number>("add", "n_clicks") // handler sees number | undefined
 * Input<number>("add", "n_clicks", { initial: 0 }) // handler sees number
 */
export function Input<Value = unknown, const Id extends DependencyId = DependencyId>(
  id: Id,
  property: string,
): InputDependency<Value, Id, false>;
export function Input<Value = unknown, const Id extends DependencyId = DependencyId>(
  id: Id,
  property: string,
  options: ValueOptions<Value>,
): InputDependency<Value, Id, true>;
export function Input<Value, Id extends DependencyId>(id: Id, property: string, options?: ValueOptions<Value>): InputDependency<Value, Id> {
  return make("input", id, property, options);
}

/**
 * A property passed to the handler without firing it, typed `Value | undefined` unless `{ initial }` is given (see `Input`).
 * @example
 * State<string>("name", "value") // handler sees string | undefined
 * State<string>("name", "value", { initial: "" }) // handler sees string
 */
export function State<Value = unknown, const Id extends DependencyId = DependencyId>(
  id: Id,
  property: string,
): StateDependency<Value, Id, false>;
export function State<Value = unknown, const Id extends DependencyId = DependencyId>(
  id: Id,
  property: string,
  options: ValueOptions<Value>,
): StateDependency<Value, Id, true>;
export function State<Value, Id extends DependencyId>(id: Id, property: string, options?: ValueOptions<Value>): StateDependency<Value, Id> {
  return make("state", id, property, options);
}

type HasMany<Id> = Id extends string
  ? false
  : true extends { [K in keyof Id]: Id[K] extends Wildcard<"ALL" | "ALLSMALLER"> ? true : false }[keyof Id]
    ? true
    : false;

/** One component's value as the handler receives it: `undefined` included unless `{ initial }` fills it in. */
type Received<Value, HasInitial> = [HasInitial] extends [true] ? Value : Value | undefined;

/** The value a handler receives for one Input or State: an array for ALL / ALLSMALLER ids (each element possibly missing). */
export type ValueOf<D> =
  D extends Dependency<DependencyKind, infer Value, infer Id, infer HasInitial>
    ? HasMany<Id> extends true
      ? Received<Value, HasInitial>[]
      : Received<Value, HasInitial>
    : never;

/** The values of a list of dependencies, as a tuple. */
export type ValuesOf<Deps extends readonly Dependency[]> = { -readonly [K in keyof Deps]: ValueOf<Deps[K]> };

/** What a handler returns for one Output: its value (an array for ALL ids), `noUpdate`, or a `Patch` of it. */
export type OutputValueOf<D> =
  D extends Dependency<DependencyKind, infer Value, infer Id, boolean>
    ? (HasMany<Id> extends true ? readonly (Value | NoUpdate | Patch)[] : Value) | NoUpdate | Patch
    : never;

/** What a handler returns: one value per Output, as a tuple. */
export type OutputValuesOf<Outs extends readonly Dependency[]> = { -readonly [K in keyof Outs]: OutputValueOf<Outs[K]> };
