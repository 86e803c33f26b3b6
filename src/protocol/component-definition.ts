/**
 * @module
 * What a component is, once: its type name, the props it takes, what its children may be, its
 * defaults, which props persist and how. The server (factories, replaying persisted values), the
 * browser renderer (registry, persistence) and the generated docs/components.md all read the
 * definition; nothing else names a component's rules. Dependency-free: built-in components and
 * outside packages (`dashbase/components`) use the same shape.
 */

/** What `props.children` may hold: nothing, plain text, or layout nodes (text included). */
export type ChildrenRule = "none" | "text" | "nodes";

/** Where a persisted value lives, as the `persistence` prop says (true means "local"). */
export type PersistenceWhere = "server" | "local" | "session" | "memory";

/** Which props persist when `persistence` is set and `persisted_props` is not, and how. */
export interface PersistenceRule<Props extends object = Record<string, unknown>> {
  /** The props saved by default (usually `["value"]`). */
  readonly props: readonly Extract<keyof Props, string>[];
  /**
   * True when the user types the value: a server save waits for a pause in typing instead of
   * going out per keystroke. A choice (a click, a drag) is saved at once.
   */
  readonly debounce?: boolean;
  /**
   * Where the props persist when that is not the `persistence` prop (e.g. `dcc.Store`'s
   * `storage_type`); null: they do not. Runs on the server and in the browser, so it must be
   * a pure function of the props.
   */
  // method syntax: a definition of any props type fits where one of plain props is expected
  where?(props: Readonly<Props>): PersistenceWhere | null;
}

/**
 * A component's definition. `Props` is only a type here: factories and views are typed by it.
 * Build one with {@link defineComponent}.
 */
export interface ComponentDefinition<Type extends string = string, Props extends object = Record<string, unknown>> {
  /** The type name on the wire, e.g. `"dcc.Slider"`; an outside package prefixes its own name. */
  readonly type: Type;
  /**
   * One or two sentences for a component package's reference. (Built-in components leave it out
   * of the bundle: docs/components.md takes theirs from the definition's doc comment.)
   */
  readonly description?: string;
  readonly children: ChildrenRule;
  /** Props the view sees when the node does not set them (not sent on the wire). */
  readonly defaults?: Readonly<Partial<Props>>;
  /** Absent: the component persists nothing. */
  readonly persistence?: PersistenceRule<Props>;
  /**
   * How the browser gets the view: "eager" (in the main bundle, the default), "lazy" (a chunk
   * fetched the first time a page shows one), or, for an outside package, the URL of its
   * browser ES module (a `file:` URL of the built module, which the server fingerprints and
   * serves under `/_dashbase/components/`). A module is fetched only on pages that use it.
   */
  readonly view?: "eager" | "lazy" | URL;
}

/** Holds the props type of a definition (for factories and views). */
export type PropsOf<Definition> = Definition extends ComponentDefinition<string, infer Props> ? Props : never;

/** The props a view receives: what the node says, over the definition's defaults. */
export type ViewPropsOf<Props extends object> = Readonly<Partial<Props>> & Readonly<Record<string, unknown>>;

/**
 * What a component's browser view receives. A view reads `props` (typed by the component's
 * props, defaults applied) and reports the user's changes with `setProps`.
 */
export interface ViewProps<Props extends object = Record<string, unknown>> {
  /** The node being rendered (its type and current props, as on the wire). */
  readonly node: { readonly type: string; readonly props: Readonly<Record<string, unknown>> };
  /** The node's props over the definition's defaults. */
  readonly props: ViewPropsOf<Props>;
  /** The canonical key of the component's id, when it has one (use it as the root's DOM id). */
  readonly idKey: string | undefined;
  /** True while a callback computes one of this component's props. */
  readonly loading: boolean;
  /** Records a change the user made: persists what persists and fires the callbacks listening to it. */
  // method syntax: a view of any props type fits where a view of plain props is expected
  setProps(patch: Readonly<Partial<Props>> & Readonly<Record<string, unknown>>): void;
}

const typePattern = /^[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)*$/;

/**
 * Checks and freezes a component definition.
 * @throws TypeError when the type name is not dotted identifiers, or a persisted prop is not a name.
 * @example
 * export const starRating = defineComponent<"starRating.StarRating", StarRatingProps>({
 *   type: "starRating.StarRating",
 *   children: "none",
 *   defaults: { max: 5 },
 *   persistence: { props: ["value"] },
 *   view: new URL("./browser/star-rating-view.js", import.meta.url),
 * });
 */
export function defineComponent<Type extends string, Props extends object>(
  definition: ComponentDefinition<Type, Props>,
): ComponentDefinition<Type, Props> {
  if (!typePattern.test(definition.type)) {
    throw new TypeError(
      `defineComponent: expected a type name of dotted identifiers such as "myPackage.Rating", found ${JSON.stringify(definition.type)}`,
    );
  }
  const persisted = definition.persistence?.props ?? [];
  if (!persisted.every((name) => typeof name === "string" && name !== "")) {
    throw new TypeError(`defineComponent("${definition.type}"): persistence.props must be prop names, found ${JSON.stringify(persisted)}`);
  }
  return Object.freeze({
    ...definition,
    ...(definition.defaults === undefined ? {} : { defaults: Object.freeze({ ...definition.defaults }) }),
    ...(definition.persistence === undefined
      ? {}
      : { persistence: Object.freeze({ ...definition.persistence, props: Object.freeze([...persisted]) }) }),
  });
}

/**
 * The props that persist for a node of this definition: `persisted_props` when the node gives a
 * list of names, else the definition's default, else `["value"]`.
 * @example
 * persistedPropsFor(dateRange, { persistence: "server" }); // ["start_date", "end_date"]
 */
export function persistedPropsFor(definition: ComponentDefinition | undefined, props: object): readonly string[] {
  const explicit = (props as { persisted_props?: unknown }).persisted_props;
  if (Array.isArray(explicit) && explicit.every((item) => typeof item === "string")) return explicit as string[];
  return definition?.persistence?.props ?? ["value"];
}

/**
 * Where a node's persisted props live, or null: the definition's own rule, else the
 * `persistence` prop ("server", "local", "session", "memory"; true means "local").
 * @example
 * persistenceWhere(slider, { persistence: true }); // "local"
 */
export function persistenceWhere(definition: ComponentDefinition | undefined, props: object): PersistenceWhere | null {
  const own = definition?.persistence?.where;
  if (own !== undefined) return own(props as Readonly<Record<string, unknown>>);
  const value = (props as { persistence?: unknown }).persistence;
  if (value === "server" || value === "local" || value === "session" || value === "memory") return value;
  return value === true ? "local" : null;
}
