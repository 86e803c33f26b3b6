/**
 * @module
 * Callback dependencies: `Output`, `Input` and `State` over a component id and a property, and the
 * pattern-matching wildcards `ALL`, `MATCH` and `ALLSMALLER` (on the wire `["ALL"]`, as in Dash).
 * Each dependency carries a phantom value type, so handlers see typed arguments.
 */
import { idKey, type IdValue } from "../layout/component-node.js";
import type { NoUpdate } from "./prevent-update.js";

export type WildcardName = "ALL" | "MATCH" | "ALLSMALLER";
export type Wildcard<Name extends WildcardName = WildcardName> = readonly [Name];

/** Every id with this key matches (handler gets an array of values, or returns one per id). */
export const ALL: Wildcard<"ALL"> = Object.freeze(["ALL"] as const);
/** The id with the same value as the triggering id's MATCH key (one call per matched id). */
export const MATCH: Wildcard<"MATCH"> = Object.freeze(["MATCH"] as const);
/** Every id whose value is smaller than the MATCH value of the triggering id. */
export const ALLSMALLER: Wildcard<"ALLSMALLER"> = Object.freeze(["ALLSMALLER"] as const);

/** An id in a dependency: a string, or an object whose values may be wildcards. */
export type DependencyId = string | Readonly<Record<string, IdValue | Wildcard>>;

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

/** True when `value` is one of the wildcards (`["ALL"]`, `["MATCH"]`, `["ALLSMALLER"]`). */
export function isWildcard(value: unknown): value is Wildcard {
  return Array.isArray(value) && value.length === 1 && (value[0] === "ALL" || value[0] === "MATCH" || value[0] === "ALLSMALLER");
}

/** The wildcards used in an id, by key. */
export function wildcardsOf(id: DependencyId): Map<string, WildcardName> {
  const found = new Map<string, WildcardName>();
  if (typeof id === "string") return found;
  for (const [key, value] of Object.entries(id)) if (isWildcard(value)) found.set(key, value[0]);
  return found;
}

/** True when the id contains a wildcard. */
export function isPatternId(id: DependencyId): boolean {
  return wildcardsOf(id).size > 0;
}

/** `<id key>.<property>`, the name of one dependency (wildcards kept as `["ALL"]` in the key). */
export function dependencyKey(dependency: { id: DependencyId; property: string }): string {
  return `${idKey(dependency.id)}.${dependency.property}`;
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
