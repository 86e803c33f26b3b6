/**
 * @module
 * Callback dependencies: `Output`, `Input` and `State` over a component id and a property, and the
 * pattern-matching wildcards `ALL`, `MATCH` and `ALLSMALLER` (defined with the wire protocol in src/protocol).
 * Each dependency carries a phantom value type, so handlers see typed arguments.
 */
import { propKey } from "../protocol/ids.js";
import type { DependencyId, Wildcard } from "../protocol/wildcards.js";
import type { NoUpdate } from "./prevent-update.js";

// The wildcards and dependency ids are the wire protocol's (src/protocol/wildcards.ts); the
// package exports ALL, MATCH and ALLSMALLER from here.
export { ALL, ALLSMALLER, MATCH, type DependencyId, type Wildcard, type WildcardName } from "../protocol/wildcards.js";

export type DependencyKind = "output" | "input" | "state";

/** A dependency; `Value` is the property's type as the handler sees it. */
export interface Dependency<Kind extends DependencyKind = DependencyKind, Value = unknown, Id extends DependencyId = DependencyId> {
  readonly kind: Kind;
  readonly id: Id;
  readonly property: string;
  /** Phantom: never set, only typed. */
  readonly __value?: Value;
}

export type OutputDependency<Value = unknown, Id extends DependencyId = DependencyId> = Dependency<"output", Value, Id>;
export type InputDependency<Value = unknown, Id extends DependencyId = DependencyId> = Dependency<"input", Value, Id>;
export type StateDependency<Value = unknown, Id extends DependencyId = DependencyId> = Dependency<"state", Value, Id>;

/** `<id key>.<property>`, the name of one dependency (wildcards kept as `["ALL"]` in the key). */
export function dependencyKey(dependency: { id: DependencyId; property: string }): string {
  return propKey(dependency.id, dependency.property);
}

function make<Kind extends DependencyKind, Value, Id extends DependencyId>(kind: Kind, id: Id, property: string): Dependency<Kind, Value, Id> {
  if (typeof property !== "string" || property === "") {
    throw new TypeError(`${kind}(${JSON.stringify(id)}, property): expected a property name such as "value", found ${JSON.stringify(property)}`);
  }
  if (typeof id === "string") {
    if (id === "") throw new TypeError(`${kind}("", "${property}"): expected a component id, found an empty string`);
  } else if (typeof id !== "object" || id === null || Array.isArray(id) || Object.keys(id).length === 0) {
    throw new TypeError(`${kind}(id, "${property}"): expected a string id or an object id such as { type: "filter", index: ALL }, found ${JSON.stringify(id)}`);
  }
  const frozenId = (typeof id === "string" ? id : Object.freeze({ ...id })) as Id;
  return Object.freeze({ kind, id: frozenId, property });
}

/**
 * A property a callback writes.
 * @example
 * Output<PlotlyFigure>("chart", "figure")
 */
export function Output<Value = unknown, const Id extends DependencyId = DependencyId>(id: Id, property: string): OutputDependency<Value, Id> {
  return make("output", id, property);
}

/**
 * A property whose change fires the callback; its value is passed to the handler.
 * @example
 * Input<string>("indicator", "value")
 */
export function Input<Value = unknown, const Id extends DependencyId = DependencyId>(id: Id, property: string): InputDependency<Value, Id> {
  return make("input", id, property);
}

/**
 * A property passed to the handler without firing it.
 * @example
 * State<string>("name", "value")
 */
export function State<Value = unknown, const Id extends DependencyId = DependencyId>(id: Id, property: string): StateDependency<Value, Id> {
  return make("state", id, property);
}

type HasMany<Id> = Id extends string ? false : true extends { [K in keyof Id]: Id[K] extends Wildcard<"ALL" | "ALLSMALLER"> ? true : false }[keyof Id] ? true : false;

/** The value a handler receives for one Input or State: an array for ALL / ALLSMALLER ids. */
export type ValueOf<D> = D extends Dependency<DependencyKind, infer Value, infer Id> ? (HasMany<Id> extends true ? Value[] : Value) : never;

/** The values of a list of dependencies, as a tuple. */
export type ValuesOf<Deps extends readonly Dependency[]> = { -readonly [K in keyof Deps]: ValueOf<Deps[K]> };

/** What a handler returns for one Output: its value (an array for ALL ids), or `noUpdate`. */
export type OutputValueOf<D> = D extends Dependency<DependencyKind, infer Value, infer Id> ? (HasMany<Id> extends true ? readonly (Value | NoUpdate)[] : Value) | NoUpdate : never;

/** What a handler returns: one value per Output, as a tuple. */
export type OutputValuesOf<Outs extends readonly Dependency[]> = { -readonly [K in keyof Outs]: OutputValueOf<Outs[K]> };
