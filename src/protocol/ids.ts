/**
 * @module
 * Component ids and their canonical keys, as the server and the browser renderer both address
 * them. A string id is its own key; an object id's key is `JSON.stringify` of the object with
 * its keys sorted by code unit, so `{ type, index }` and `{ index, type }` name one component.
 * A string id that is itself such JSON (`'{"a":1}'`) has the same key as the object: as in Dash,
 * apps should not use one.
 */

/** A scalar allowed as a value of an object id. */
export type IdValue = string | number | boolean;

/** A component id: a string, or an object for pattern-matching (`{ type: "filter", index: 2 }`). */
export type ComponentId = string | Readonly<Record<string, IdValue>>;

/**
 * True for a value an object id may hold: a string, a boolean or a finite number (JSON has no
 * NaN or Infinity, so such an id could not cross the wire unchanged).
 *
 * @example
 * isIdValue(2); // true
 * isIdValue(["ALL"]); // false
 */
export function isIdValue(value: unknown): value is IdValue {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

/**
 * True when a raw `props.id` value is a usable component id: a non-empty string, or a non-empty
 * object whose values are all id values. Anything else is treated as "no id" by both sides. A
 * value is judged as its JSON reads, so a key whose value is undefined counts as absent.
 *
 * @example
 * isComponentId({ type: "f", index: 1 }); // true
 * isComponentId({}); // false
 */
export function isComponentId(value: unknown): value is ComponentId {
  if (typeof value === "string") return value.length > 0;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const values = Object.values(value).filter((item) => item !== undefined);
  return values.length > 0 && values.every(isIdValue);
}

/**
 * The canonical key of an id (a dependency id with wildcards included, kept as `["ALL"]`).
 *
 * @example
 * idKey({ type: "filter", index: 2 }); // '{"index":2,"type":"filter"}'
 * idKey("box"); // 'box'
 */
export function idKey(id: string | Readonly<Record<string, unknown>>): string {
  if (typeof id === "string") return id;
  // fromEntries defines own properties, so even a key named "__proto__" survives into the JSON.
  return JSON.stringify(
    Object.fromEntries(
      Object.keys(id)
        .sort()
        .map((key) => [key, id[key]]),
    ),
  );
}

/**
 * The key of one property of one component, as in `changedPropIds` and `persist`: `<id key>.<property>`.
 *
 * @example
 * propKey("slider", "value"); // 'slider.value'
 */
export function propKey(id: string | Readonly<Record<string, unknown>>, property: string): string {
  return `${idKey(id)}.${property}`;
}

/**
 * Reads back an id from its canonical key: an object id when the key is the JSON of one,
 * otherwise the string itself.
 *
 * @example
 * parseIdKey('{"index":2,"type":"filter"}'); // { index: 2, type: "filter" }
 * parseIdKey("{not json"); // '{not json'
 */
export function parseIdKey(key: string): ComponentId {
  if (!key.startsWith("{")) return key;
  try {
    const parsed = JSON.parse(key) as unknown;
    if (typeof parsed === "object" && isComponentId(parsed)) return parsed;
  } catch {
    // not JSON: a plain string id that happens to start with a brace
  }
  return key;
}
