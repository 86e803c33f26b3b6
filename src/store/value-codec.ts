/**
 * @module
 * The store's value codec: JSON plus Date, BigInt, Map, Set, undefined inside containers,
 * non-finite numbers and -0, written as tagged JSON that PostgreSQL's jsonb accepts.
 *
 * A tagged node is an object whose first key is "$t": `{"$t":"Date","v":"2024-01-31T00:00:00.000Z"}`.
 * A plain object that itself has a "$t" key (or a key jsonb cannot hold) is written as
 * `{"$t":"object","v":[[key, value], ...]}`, so no user data is ever mistaken for a tag.
 * Strings jsonb refuses (a NUL character or a lone UTF-16 surrogate) are written as
 * `{"$t":"string","v":[code units]}`. The full table is in docs/store-and-sessions.md.
 */
import { DashbaseError } from "../errors/dashbase-error.js";

const TAG = "$t";
/** Deep enough for any real dashboard state, shallow enough to never overflow the stack. */
const maxDepth = 512;
// jsonb holds neither "\u0000" nor a UTF-16 surrogate without its partner.
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when PostgreSQL can keep `text` as it is (in jsonb or a text column). */
export function isPostgresSafeString(text: string): boolean {
  return !text.includes("\u0000") && !loneSurrogate.test(text);
}

function describe(value: unknown): string {
  if (typeof value === "function") return `a function${value.name ? ` (${value.name})` : ""}`;
  if (typeof value === "symbol") return `a symbol (${String(value.description)})`;
  if (value === undefined) return "undefined";
  const name = (value as object).constructor?.name;
  return name ? `an instance of ${name}` : "an object with a custom prototype";
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function unsupported(path: string, value: unknown, hint: string): DashbaseError {
  return new DashbaseError(
    "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
    `${path}: expected JSON data, Date, BigInt, Map or Set, found ${describe(value)}; ${hint}`,
    { details: { path } },
  );
}

function encodeString(text: string): unknown {
  if (isPostgresSafeString(text)) return text;
  const units: number[] = [];
  for (let i = 0; i < text.length; i += 1) units.push(text.charCodeAt(i));
  return { [TAG]: "string", v: units };
}

function encodeNumber(n: number): unknown {
  if (Number.isFinite(n) && !Object.is(n, -0)) return n;
  return { [TAG]: "number", v: Object.is(n, -0) ? "-0" : String(n) };
}

class Encoder {
  /** The objects on the path from the root to the node being encoded (cycle detection). */
  private readonly ancestors = new Set<object>();

  node(value: unknown, path: string, depth: number): unknown {
    switch (typeof value) {
      case "string":
        return encodeString(value);
      case "number":
        return encodeNumber(value);
      case "boolean":
        return value;
      case "bigint":
        return { [TAG]: "bigint", v: value.toString() };
      case "undefined":
        return { [TAG]: "undefined" };
      case "function":
      case "symbol":
        throw unsupported(path, value, "store data, not behaviour (drop it or store a name that stands for it)");
      default:
        break;
    }
    if (value === null) return null;
    const object = value as object;
    if (depth >= maxDepth) {
      throw new DashbaseError(
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
        `${path}: expected at most ${maxDepth} levels of nesting, found more; flatten the value`,
        { details: { path } },
      );
    }
    if (this.ancestors.has(object)) {
      throw new DashbaseError(
        "DASHBASE_E_STORE_CYCLIC_VALUE",
        `${path}: expected a tree of values, found a reference back to an enclosing object; the store keeps trees, so break the cycle (store ids instead of back-references)`,
        { details: { path } },
      );
    }
    this.ancestors.add(object);
    try {
      return this.container(object, path, depth + 1);
    } finally {
      this.ancestors.delete(object);
    }
  }

  private container(object: object, path: string, depth: number): unknown {
    if (Array.isArray(object)) {
      const out = new Array<unknown>(object.length);
      for (let i = 0; i < object.length; i += 1) out[i] = this.node(object[i], `${path}[${i}]`, depth);
      return out;
    }
    if (object instanceof Date) {
      const time = object.getTime();
      return { [TAG]: "Date", v: Number.isNaN(time) ? null : object.toISOString() };
    }
    if (object instanceof Map) {
      const out: unknown[] = [];
      let index = 0;
      for (const [key, item] of object) {
        out.push([this.node(key, `${path}<Map key ${index}>`, depth), this.node(item, `${path}<Map value ${index}>`, depth)]);
        index += 1;
      }
      return { [TAG]: "Map", v: out };
    }
    if (object instanceof Set) {
      const out: unknown[] = [];
      let index = 0;
      for (const item of object) {
        out.push(this.node(item, `${path}<Set item ${index}>`, depth));
        index += 1;
      }
      return { [TAG]: "Set", v: out };
    }
    const proto: unknown = Object.getPrototypeOf(object);
    if (proto !== Object.prototype && proto !== null) {
      throw unsupported(path, object, "convert it to a plain object, an array, a Date, a Map or a Set first");
    }
    return this.plainObject(object as Record<string, unknown>, path, depth);
  }

  private plainObject(object: Record<string, unknown>, path: string, depth: number): unknown {
    if (Object.getOwnPropertySymbols(object).length > 0) {
      throw new DashbaseError(
        "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
        `${path}: expected string keys, found a symbol key; use a string key instead`,
        { details: { path } },
      );
    }
    const keys = Object.keys(object);
    const needsEntries = keys.some((key) => key === TAG || !isPostgresSafeString(key));
    if (needsEntries) {
      const entries = keys.map((key) => [encodeString(key), this.node(object[key], childPath(path, key), depth)]);
      return { [TAG]: "object", v: entries };
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      // defineProperty so that an own "__proto__" key stays data and never sets a prototype.
      Object.defineProperty(out, key, {
        value: this.node(object[key], childPath(path, key), depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
}

/**
 * Encodes `value` to the codec's JSON text, refusing what it cannot round-trip and anything
 * larger than `maxBytes` (UTF-8 bytes of that text).
 * @example
 * encodeValue(new Map([["a", 1n]]), 1_048_576); // '{"$t":"Map","v":[["a",{"$t":"bigint","v":"1"}]]}'
 */
export function encodeValue(value: unknown, maxBytes: number): string {
  if (value === undefined) {
    throw new DashbaseError(
      "DASHBASE_E_STORE_UNSUPPORTED_VALUE",
      "value: expected a value to store, found undefined; use delete() to remove a key",
      { details: { path: "value" } },
    );
  }
  const json = JSON.stringify(new Encoder().node(value, "value", 0));
  // Only multi-byte text can exceed its length in bytes, so count bytes only near the limit.
  if (json.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(json, "utf8");
    if (bytes > maxBytes) {
      throw new DashbaseError(
        "DASHBASE_E_STORE_VALUE_TOO_LARGE",
        `value: expected at most ${maxBytes} bytes once encoded, found ${bytes}; store less (or a reference to a table row), or raise maxValueBytes in createStore()`,
        { details: { bytes, limit: maxBytes } },
      );
    }
  }
  return json;
}

function corrupt(found: unknown): DashbaseError {
  const shown = JSON.stringify(found)?.slice(0, 80) ?? String(found);
  return new DashbaseError(
    "DASHBASE_E_STORE_CORRUPT_VALUE",
    `expected a value written by the dashbase store codec, found ${shown}; was the row written by something else?`,
  );
}

function decodeString(node: unknown): string {
  if (typeof node === "string") return node;
  const tagged = node as { [TAG]?: unknown; v?: unknown } | null;
  if (tagged?.[TAG] === "string" && Array.isArray(tagged.v)) {
    const units = tagged.v as number[];
    let text = "";
    // In chunks: spreading a very long array into one call would exceed the argument limit.
    for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode(...units.slice(i, i + 8192));
    return text;
  }
  throw corrupt(node);
}

function decodeTagged(node: Record<string, unknown>): unknown {
  const v = node["v"];
  switch (node[TAG]) {
    case "Date":
      return new Date(v === null ? Number.NaN : String(v));
    case "bigint":
      return BigInt(String(v));
    case "undefined":
      return undefined;
    case "number":
      return v === "-0" ? -0 : Number(v);
    case "string":
      return decodeString(node);
    case "Map":
      if (!Array.isArray(v)) throw corrupt(node);
      return new Map(
        v.map((pair: unknown) => {
          if (!Array.isArray(pair)) throw corrupt(node);
          return [decodeNode(pair[0]), decodeNode(pair[1])] as const;
        }),
      );
    case "Set":
      if (!Array.isArray(v)) throw corrupt(node);
      return new Set(v.map(decodeNode));
    case "object": {
      if (!Array.isArray(v)) throw corrupt(node);
      const out: Record<string, unknown> = {};
      for (const pair of v as unknown[]) {
        if (!Array.isArray(pair)) throw corrupt(node);
        Object.defineProperty(out, decodeString(pair[0]), {
          value: decodeNode(pair[1]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    default:
      throw corrupt(node);
  }
}

/** Decodes in place: the parsed tree is fresh (from the driver or JSON.parse) and ours to change. */
function decodeNode(node: unknown): unknown {
  if (typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i += 1) {
      const item: unknown = node[i];
      if (typeof item === "object" && item !== null) node[i] = decodeNode(item);
    }
    return node;
  }
  const record = node as Record<string, unknown>;
  if (Object.hasOwn(record, TAG)) return decodeTagged(record);
  for (const key of Object.keys(record)) {
    const item = record[key];
    // An own "__proto__" key from JSON.parse is a data property, so assigning to it is safe.
    if (typeof item === "object" && item !== null) record[key] = decodeNode(item);
  }
  return record;
}

/**
 * Decodes a value the database (or `JSON.parse`) returned for a stored codec text.
 * @example
 * decodeValue(JSON.parse('{"$t":"Set","v":[1,2]}')); // Set {1, 2}
 */
export function decodeValue(parsed: unknown): unknown {
  return decodeNode(parsed);
}
