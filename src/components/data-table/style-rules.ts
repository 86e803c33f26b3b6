/**
 * @module
 * What a DataTable's conditional style may set, checked the same way by the factory (a bad rule is
 * a coded error naming it) and by the view (a rule from a callback is cleaned, never trusted):
 * only listed CSS properties, values of plain words, numbers, colours and `var()`/`rgb()`/`hsl()`/
 * `calc()` (no `url()`, `image-set()`, `expression()`, escapes or `;`), and class names of letters,
 * digits, `-` and `_`. Dependency-free: the server and the browser both load it.
 */

/** The CSS properties a conditional style may set (camelCase, as a `style` object spells them). */
export const allowedStyleProperties: ReadonlySet<string> = new Set([
  "color",
  "backgroundColor",
  "fontWeight",
  "fontStyle",
  "fontSize",
  "fontFamily",
  "fontVariantNumeric",
  "textAlign",
  "textDecoration",
  "textTransform",
  "whiteSpace",
  "opacity",
  "border",
  "borderColor",
  "borderStyle",
  "borderWidth",
  "borderTop",
  "borderBottom",
  "borderLeft",
  "borderRight",
  "borderRadius",
  "outline",
  "boxShadow",
  "padding",
  "verticalAlign",
]);

/** The tones a rule may give, each a themed class (`is-tone-danger`) over the theme's variables. */
export const styleTones = ["accent", "success", "warning", "danger", "muted"] as const;
export type StyleTone = (typeof styleTones)[number];

const allowedFunctions = new Set(["var", "rgb", "rgba", "hsl", "hsla", "calc", "color-mix"]);
const valueCharacters = /^[A-Za-z0-9#%.,()+*/\s_-]*$/;
const classNames = /^-?[A-Za-z_][A-Za-z0-9_-]*(\s+-?[A-Za-z_][A-Za-z0-9_-]*)*$/;
const maxValueLength = 200;

/**
 * Why a style value is refused, or undefined when it is safe.
 * @example
 * styleValueProblem("url(https://x)"); // "url() is not allowed; ..."
 * styleValueProblem("var(--dashbase-danger)"); // undefined
 */
export function styleValueProblem(value: unknown): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : "expected a finite number";
  if (typeof value !== "string") return `expected text or a number, found ${value === null ? "null" : typeof value}`;
  if (value.length > maxValueLength) return `expected at most ${maxValueLength} characters`;
  if (!valueCharacters.test(value)) return "expected letters, digits, spaces and # % . , ( ) + - * / only (no quotes, escapes, ; or :)";
  for (const match of value.matchAll(/([A-Za-z-]*)\s*\(/g)) {
    const name = match[1]!.toLowerCase();
    if (!allowedFunctions.has(name)) return `${name || "("}() is not allowed; expected only ${[...allowedFunctions].join("(), ")}()`;
  }
  return undefined;
}

/**
 * The problems of a style object (`property: why`), empty when every property and value is allowed.
 * @example
 * styleProblems({ backgroundImage: "url(x)" }); // ["backgroundImage: not a property conditional styles may set ..."]
 */
export function styleProblems(style: unknown): string[] {
  if (typeof style !== "object" || style === null || Array.isArray(style)) return ["expected an object of CSS properties"];
  return Object.entries(style).flatMap(([property, value]) => {
    if (!allowedStyleProperties.has(property))
      return [`${property}: not a property conditional styles may set; expected one of ${[...allowedStyleProperties].join(", ")}`];
    const problem = styleValueProblem(value);
    return problem === undefined ? [] : [`${property}: ${problem}`];
  });
}

/** The allowed part of a style object (what the view applies from a rule it cannot trust). */
export function safeStyle(style: unknown): Record<string, string | number> {
  if (typeof style !== "object" || style === null || Array.isArray(style)) return {};
  return Object.fromEntries(
    Object.entries(style).filter(([property, value]) => allowedStyleProperties.has(property) && styleValueProblem(value) === undefined),
  ) as Record<string, string | number>;
}

/** True for class names a rule may add: words of letters, digits, `-` and `_`, separated by spaces. */
export function isSafeClassName(value: unknown): value is string {
  return typeof value === "string" && value.length <= maxValueLength && classNames.test(value.trim());
}
