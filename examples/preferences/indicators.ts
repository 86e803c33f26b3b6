/**
 * @module
 * The five indicators a visitor may choose from, numbered 1 to 5 as they are stored.
 */

export const indicators = [
  { selection: 1, legend: "Population" },
  { selection: 2, legend: "GHG emissions" },
  { selection: 3, legend: "Power production" },
  { selection: 4, legend: "Increase of agricultural land" },
  { selection: 5, legend: "Decrease of forest land" },
] as const;

/** The legend of indicator `selection`, or undefined for a number outside 1-5. */
export function legendOf(selection: number): string | undefined {
  return indicators.find((indicator) => indicator.selection === selection)?.legend;
}
