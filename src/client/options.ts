/**
 * @module
 * The options of a Dropdown, Checklist or RadioItems, normalized: Dash accepts bare values,
 * `{ label, value }` objects and a `{ value: label }` map; views see one shape.
 */

/** A choice's value. */
export type OptionValue = string | number | boolean;

/** One normalized option. */
export interface NormalizedOption {
  readonly label: string;
  readonly value: OptionValue;
  readonly disabled: boolean;
  readonly title?: string;
}

function isOptionValue(value: unknown): value is OptionValue {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/**
 * Normalizes options; entries that are neither a value nor `{ value }` are dropped.
 *
 * @example
 * normalizeOptions(["EU", { label: "United States", value: "US" }]);
 * // [{ label: "EU", value: "EU", disabled: false }, { label: "United States", value: "US", disabled: false }]
 */
export function normalizeOptions(options: unknown): NormalizedOption[] {
  if (Array.isArray(options)) {
    const result: NormalizedOption[] = [];
    for (const option of options) {
      if (isOptionValue(option)) {
        result.push({ label: String(option), value: option, disabled: false });
      } else if (typeof option === "object" && option !== null) {
        const { label, value, disabled, title } = option as Record<string, unknown>;
        if (!isOptionValue(value)) continue;
        result.push({
          label: isOptionValue(label) ? String(label) : String(value),
          value,
          disabled: disabled === true,
          ...(typeof title === "string" ? { title } : {}),
        });
      }
    }
    return result;
  }
  if (typeof options === "object" && options !== null) {
    return Object.entries(options).map(([value, label]) => ({
      label: isOptionValue(label) ? String(label) : value,
      value,
      disabled: false,
    }));
  }
  return [];
}

/** The values of a prop that may be one value, an array of them, or nothing. */
export function valuesOf(value: unknown): OptionValue[] {
  if (Array.isArray(value)) return value.filter(isOptionValue);
  return isOptionValue(value) ? [value] : [];
}

/** Options whose label contains the search text, ignoring case and accents. */
export function filterOptions(options: readonly NormalizedOption[], search: string): NormalizedOption[] {
  const fold = (text: string): string =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase();
  const needle = fold(search.trim());
  if (needle === "") return [...options];
  return options.filter((option) => fold(option.label).includes(needle) || fold(String(option.value)).includes(needle));
}
