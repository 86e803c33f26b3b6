/**
 * @module
 * Generates request bodies for fuzzing dashbase's POST endpoints, from valid templates the test
 * gives: valid bodies with odd values, wrong types, unknown ids and properties, missing fields,
 * huge arrays, deep nesting, `__proto__` and `constructor` keys, malformed JSON, invalid UTF-8,
 * oversized bodies, wrong content types, and missing or wrong CSRF tokens and cookies.
 * Deterministic for a seed: `new BodyFuzzer(seed, targets).case(i)` is always the same case.
 */
import { FuzzRandom } from "./fuzz-random.js";

/** An endpoint and bodies it accepts, which the fuzzer mutates. */
export interface FuzzTarget {
  url: string;
  templates: readonly unknown[];
}

export type CsrfMode = "valid" | "missing" | "wrong" | "other-session" | "twice" | "empty";
export type CookieMode = "valid" | "missing" | "tampered" | "garbage";

export interface FuzzCase {
  seed: number;
  index: number;
  /** The mutation family, for failure messages and the tally. */
  kind: string;
  url: string;
  payload: string | Buffer;
  contentType: string | undefined;
  csrf: CsrfMode;
  cookie: CookieMode;
}

const families = {
  valid: 12,
  oddValues: 12,
  wrongType: 12,
  unknownProps: 8,
  unknownIds: 8,
  missingField: 5,
  hugeArray: 2,
  deepNesting: 3,
  protoKeys: 8,
  malformedJson: 10,
  oversized: 0.6,
  invalidUtf8: 5,
  contentType: 6,
  scalarBody: 3,
  randomBytes: 2,
} as const;

type Family = keyof typeof families;

const oddStrings = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil",
  "💥🎉",
  "'; DROP TABLE notes; --",
  '" OR 1=1 --',
  "<script>window.__xss=1</script>",
  "%_\\",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "${process.exit(1)}",
  "../../etc/passwd",
  "\r\n\r\nHTTP/1.1 200 OK",
  "NaN",
  "Infinity",
  ">=99999999999999999999999",
  "=-1e308",
  "<2020-13-45",
  ">=",
  "=",
  "9".repeat(400),
];

const oddNumbers = [0, -0, 1, -1, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, 5e-324, 123456789012345];

/** Raw JSON literals that JSON.stringify cannot produce (exponents, huge digits, escapes). */
const oddLiterals = [
  "1e999",
  "-1e999",
  "1E+2",
  "0.0000000000000000000001",
  "123456789012345678901234567890",
  '"\\u0000"',
  '"\\ud800"',
  '"\\uDFFF\\uD800"',
  "-0",
];

const contentTypes = [
  undefined,
  "text/plain",
  "text/plain; charset=utf-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "application/xml",
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "application/jsonx",
  "APPLICATION/JSON",
  "application/json;;;",
  "application/octet-stream",
  "*/*",
  "",
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Cases for `targets`, deterministic for `seed`.
 * @example
 * const fuzzer = new BodyFuzzer(7, [{ url: "/_dashbase/persist", templates: [{ id: "body", property: "value", value: "x" }] }], 1_048_576);
 * const first = fuzzer.case(0);
 */
export class BodyFuzzer {
  constructor(
    readonly seed: number,
    readonly targets: readonly FuzzTarget[],
    readonly bodyLimit: number,
  ) {}

  case(index: number): FuzzCase {
    // One random stream per case (seed and index mixed), so a case is reproducible on its own.
    const random = new FuzzRandom((this.seed * 2654435761 + index * 40503) >>> 0);
    const target = random.pick(this.targets);
    const template = random.pick(target.templates);
    const kind = random.weighted(families);
    const csrf: CsrfMode = random.chance(0.88) ? "valid" : random.pick(["missing", "wrong", "other-session", "twice", "empty"] as const);
    const cookie: CookieMode = random.chance(0.93) ? "valid" : random.pick(["missing", "tampered", "garbage"] as const);
    const { payload, contentType } = this.build(kind, template, random);
    return { seed: this.seed, index, kind, url: target.url, payload, contentType, csrf, cookie };
  }

  private build(kind: Family, template: unknown, random: FuzzRandom): { payload: string | Buffer; contentType: string | undefined } {
    const json = "application/json";
    const base = structuredClone(template) as Json;
    switch (kind) {
      case "valid":
        return { payload: JSON.stringify(base), contentType: json };
      case "oddValues":
        replaceAt(
          base,
          random,
          (path) => path.at(-1) === "value" || path.at(-1) === "filter" || random.chance(0.2),
          () => oddValue(random),
        );
        return { payload: JSON.stringify(base), contentType: json };
      case "wrongType":
        return {
          payload: JSON.stringify(
            replaceAt(
              base,
              random,
              () => true,
              () => randomJson(random, 3),
            ),
          ),
          contentType: json,
        };
      case "unknownProps":
        return { payload: JSON.stringify(addKeys(base, random)), contentType: json };
      case "unknownIds":
        replaceAt(
          base,
          random,
          (path) => ["id", "callbackId", "property", "column"].includes(String(path.at(-1))),
          () => randomId(random),
        );
        return { payload: JSON.stringify(base), contentType: json };
      case "missingField":
        return { payload: JSON.stringify(removeKey(base, random)), contentType: json };
      case "hugeArray": {
        const size = random.pick([1_000, 10_000, 60_000]);
        const item = random.pick<Json>([0, "x", null, { id: "body", property: "value", value: 1 }, []]);
        return {
          payload: JSON.stringify(
            replaceAt(
              base,
              random,
              () => true,
              () => Array.from({ length: size }, () => item),
            ),
          ),
          contentType: json,
        };
      }
      case "deepNesting":
        return { payload: deepText(base, random), contentType: json };
      case "protoKeys":
        return { payload: protoText(base, random), contentType: json };
      case "malformedJson":
        return { payload: malformed(JSON.stringify(base), random), contentType: json };
      case "oversized": {
        const extra = this.bodyLimit + random.int(1, 2048);
        return { payload: JSON.stringify({ ...(isObject(base) ? base : {}), pad: "p".repeat(extra) }), contentType: json };
      }
      case "invalidUtf8":
        return {
          payload: invalidUtf8(JSON.stringify(base), random),
          contentType: random.chance(0.8) ? json : "application/json; charset=utf-8",
        };
      case "contentType":
        return { payload: random.chance(0.7) ? JSON.stringify(base) : "a=1&b=2", contentType: random.pick(contentTypes) };
      case "scalarBody":
        return { payload: random.pick(["null", "true", "0", '""', "[]", "{}", "[{}]", '"callback"', "1e999", ""]), contentType: json };
      case "randomBytes":
        return { payload: Buffer.from(Array.from({ length: random.int(1, 200) }, () => random.int(0, 255))), contentType: json };
    }
  }
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function oddValue(random: FuzzRandom): Json {
  return random.chance(0.5) ? random.pick(oddStrings) : random.chance(0.5) ? random.pick(oddNumbers) : randomJson(random, 2);
}

function randomString(random: FuzzRandom): string {
  if (random.chance(0.5)) return random.pick(oddStrings);
  const length = random.chance(0.05) ? random.int(500, 5_000) : random.int(0, 12);
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(random.chance(0.9) ? random.int(32, 126) : random.int(0, 0xffff));
  return text;
}

function randomJson(random: FuzzRandom, depth: number): Json {
  const roll = random.int(0, depth > 0 ? 6 : 4);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick(oddNumbers);
    case 3:
    case 4:
      return randomString(random);
    case 5:
      return Array.from({ length: random.int(0, 4) }, () => randomJson(random, depth - 1));
    default: {
      const object: { [key: string]: Json } = {};
      for (let i = random.int(0, 4); i > 0; i--) object[randomKey(random)] = randomJson(random, depth - 1);
      return object;
    }
  }
}

function randomKey(random: FuzzRandom): string {
  return random.pick([
    "id",
    "property",
    "value",
    "type",
    "index",
    "toString",
    "valueOf",
    "prototype",
    "x",
    "",
    "a.b",
    "0",
    randomString(random),
  ]);
}

function randomId(random: FuzzRandom): Json {
  return random.pick<Json>([
    "nope",
    "",
    "saved",
    "body",
    "remember",
    "mine",
    "saved.children",
    "slow-out.children",
    { type: "filter", index: 1 },
    { type: ["ALL"] },
    { type: ["MATCH"], index: ["ALLSMALLER"] },
    {},
    { toString: "x" },
    [],
    random.pick(oddStrings),
    "x".repeat(random.int(100, 5_000)),
  ]);
}

/** Every path to a value inside `value`. */
function paths(value: Json, prefix: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (Array.isArray(value))
    value.forEach((item, index) => {
      out.push([...prefix, index]);
      paths(item, [...prefix, index], out);
    });
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) {
      out.push([...prefix, key]);
      paths(item, [...prefix, key], out);
    }
  return out;
}

function setAt(root: Json, path: ReadonlyArray<string | number>, make: () => Json): Json {
  if (path.length === 0) return make();
  let parent: Json = root;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[step]!;
  (parent as Record<string | number, Json>)[path.at(-1)!] = make();
  return root;
}

/** Replaces the value at a random path that `accept` likes (any path when none does). */
function replaceAt(root: Json, random: FuzzRandom, accept: (path: ReadonlyArray<string | number>) => boolean, make: () => Json): Json {
  const all = paths(root);
  const liked = all.filter(accept);
  const choices = liked.length > 0 ? liked : all;
  if (choices.length === 0) return make();
  return setAt(root, random.pick(choices), make);
}

function addKeys(root: Json, random: FuzzRandom): Json {
  const objects = [[], ...paths(root)].filter((path) =>
    isObject(path.reduce<Json>((node, step) => (node as Record<string | number, Json>)[step]!, root)),
  );
  if (objects.length === 0) return root;
  for (let n = random.int(1, 3); n > 0; n--) {
    const path = random.pick(objects);
    const node = path.reduce<Json>((value, step) => (value as Record<string | number, Json>)[step]!, root) as Record<string, Json>;
    node[random.pick(["extra", "unknown", "callbackId2", "prototype", "toString", "hasOwnProperty", "valueOf", randomString(random)])] =
      randomJson(random, 2);
  }
  return root;
}

function removeKey(root: Json, random: FuzzRandom): Json {
  const keyed = paths(root).filter((path) => typeof path.at(-1) === "string");
  if (keyed.length === 0) return root;
  const path = random.pick(keyed);
  const parent = path.slice(0, -1).reduce<Json>((node, step) => (node as Record<string | number, Json>)[step]!, root) as Record<
    string,
    Json
  >;
  delete parent[path.at(-1) as string];
  return root;
}

/** The template's JSON with one value replaced by a nesting hundreds to tens of thousands deep. */
function deepText(base: Json, random: FuzzRandom): string {
  const depth = random.pick([100, 600, 995, 1_001, 5_000, 40_000]);
  const [open, close] = random.pick([
    ["[", "]"],
    ['{"a":', "}"],
    ['{"id":', "}"],
    ['{"value":[', "]}"],
  ] as const);
  const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
  const marker = "\u0001deep\u0001";
  const text = JSON.stringify(
    replaceAt(
      base,
      random,
      () => true,
      () => marker,
    ),
  );
  return text.replace(JSON.stringify(marker), nested);
}

/** The template's JSON with `__proto__` / `constructor.prototype` members spliced into an object. */
function protoText(base: Json, random: FuzzRandom): string {
  const member = random.pick([
    '"__proto__":{"polluted":"yes"}',
    '"constructor":{"prototype":{"polluted":"yes"}}',
    '"__proto__":{"toString":"x","isAdmin":true}',
    '"__pro\\u0074o__":{"polluted":"yes"}',
    '"constructor":{"polluted":"yes"}',
    '"prototype":{"polluted":"yes"}',
  ]);
  const text = JSON.stringify(base);
  const openings = [...text.matchAll(/\{/g)].map((match) => match.index);
  if (openings.length === 0) return `{${member}}`;
  const at = random.pick(openings) + 1;
  const needsComma = text[at] !== "}";
  return `${text.slice(0, at)}${member}${needsComma ? "," : ""}${text.slice(at)}`;
}

function malformed(text: string, random: FuzzRandom): string {
  switch (random.int(0, 7)) {
    case 0:
      return text.slice(0, random.int(0, Math.max(0, text.length - 1)));
    case 1:
      return `${text}${random.pick(["}", "]", ",", "x", "\u0000", " {}", '"', "//"])}`;
    case 2: {
      const at = random.int(0, text.length);
      return `${text.slice(0, at)}${random.pick(["'", "\\", ",", ":", "}", "{", '"', "\n", "NaN", "undefined"])}${text.slice(at)}`;
    }
    case 3:
      return text.replace(/"/g, "'");
    case 4:
      return text.replace(/:/, "");
    case 5:
      return `{"a":1,}`;
    case 6:
      return random.pick(oddLiterals);
    default:
      return text.replace(/\}$/, `,"dup":1,"dup":2}`);
  }
}

function invalidUtf8(text: string, random: FuzzRandom): Buffer {
  const bytes = Buffer.from(text, "utf8");
  const bad = random.pick([[0xff], [0xfe, 0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xc3]]);
  // Put the bad bytes inside a string when there is one, else anywhere.
  const quotes = [...bytes.keys()].filter((i) => bytes[i] === 0x22);
  const at = quotes.length >= 2 ? quotes[random.int(0, quotes.length - 2)]! + 1 : random.int(0, bytes.length);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
}
