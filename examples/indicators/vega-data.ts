/**
 * @module
 * Reads the real data sets the indicators example ships with, from the files of the
 * `vega-datasets` npm package, into indicator rows and observations. Sources, licences and
 * descriptions are taken from the package's own `datapackage.json`, so nothing here is typed in
 * by hand except how each file maps onto (entity, year, value).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";

/** An indicator as the seed writes it, with all of its observations. */
export interface SeedIndicator {
  code: string;
  name: string;
  unit: string;
  source: string;
  sourceUrl: string | null;
  notes: string;
  observations: Array<{ entity: string; year: number; value: number }>;
}

interface DataPackageSource {
  title: string;
  path: string;
}

interface DataPackageResource {
  name: string;
  path: string;
  description?: string;
  licenses?: Array<{ title: string; path?: string }>;
  sources?: DataPackageSource[];
}

/** The vega-datasets folder, its version and its resources' metadata. */
export interface VegaPackage {
  dir: string;
  version: string;
  resources: Map<string, DataPackageResource>;
}

/**
 * Finds the installed `vega-datasets` package. Its `exports` map exposes only the JavaScript
 * entry, so the folder is found by walking up from that entry to its package.json.
 * @example
 * const vega = locateVegaDatasets(); // { dir: ".../node_modules/vega-datasets", version: "3.2.1", ... }
 */
export function locateVegaDatasets(): VegaPackage {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve("vega-datasets"));
  } catch (cause) {
    throw new Error("the indicators example needs the vega-datasets package for its data: run `npm install` in the dashbase folder", {
      cause,
    });
  }
  let dir = path.dirname(entry);
  while (!isVegaDatasetsRoot(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`found vega-datasets at ${entry} but not its package.json above it`);
    dir = parent;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string };
  const datapackage = JSON.parse(fs.readFileSync(path.join(dir, "datapackage.json"), "utf8")) as { resources: DataPackageResource[] };
  return { dir, version: pkg.version, resources: new Map(datapackage.resources.map((resource) => [resource.path, resource])) };
}

function isVegaDatasetsRoot(dir: string): boolean {
  const file = path.join(dir, "package.json");
  if (!fs.existsSync(file)) return false;
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string }).name === "vega-datasets";
}

function resourceOf(vega: VegaPackage, file: string): DataPackageResource {
  const resource = vega.resources.get(file);
  if (resource === undefined) throw new Error(`vega-datasets ${vega.version} no longer describes ${file} in its datapackage.json`);
  return resource;
}

/** The documented source whose title contains every one of `hints` (or the first one). */
function sourceOf(resource: DataPackageResource, ...hints: string[]): DataPackageSource {
  const source = (resource.sources ?? []).find((candidate) => hints.every((hint) => candidate.title.includes(hint)));
  if (source === undefined)
    throw new Error(
      `datapackage.json names no source${hints.length > 0 ? ` with ${hints.map((hint) => `"${hint}"`).join(" and ")} in its title` : ""} for ${resource.path}`,
    );
  return source;
}

function provenance(vega: VegaPackage, resource: DataPackageResource, how: string): string {
  const licence = resource.licenses?.[0]?.title;
  return [`From ${resource.path} in vega-datasets ${vega.version}.`, how, licence ? `Licence: ${licence}.` : ""].filter(Boolean).join(" ");
}

function readCsv(vega: VegaPackage, file: string): Array<Record<string, string>> {
  return parse(fs.readFileSync(path.join(vega.dir, "data", file), "utf8"), { columns: true, skip_empty_lines: true, trim: true }) as Array<
    Record<string, string>
  >;
}

function finite(text: string | undefined, where: string): number {
  const value = Number(text);
  if (text === undefined || text === "" || !Number.isFinite(value))
    throw new Error(`${where}: expected a number, found ${JSON.stringify(text)}`);
  return value;
}

interface GapminderRow {
  year: number;
  country: string;
  pop: number;
  life_expect: number;
  fertility: number;
}

function gapminder(vega: VegaPackage): SeedIndicator[] {
  const resource = resourceOf(vega, "gapminder.json");
  const rows = JSON.parse(fs.readFileSync(path.join(vega.dir, "data", "gapminder.json"), "utf8")) as GapminderRow[];
  const how =
    "Countries every 5 years from 1955 to 2005. Gapminder fills gaps in its data with estimates and uses today's borders for historical years.";
  const one = (code: string, name: string, unit: string, topic: string, pick: (row: GapminderRow) => number): SeedIndicator => {
    const documentation = sourceOf(resource, topic, "(Documentation)");
    return {
      code,
      name,
      unit,
      source: "Gapminder Foundation",
      sourceUrl: documentation.path,
      notes: provenance(vega, resource, how),
      observations: rows.map((row) => ({ entity: row.country, year: row.year, value: pick(row) })),
    };
  };
  return [
    one("population", "Population", "people", "Population", (row) => row.pop),
    one("life_expectancy", "Life expectancy at birth", "years", "Life Expectancy", (row) => row.life_expect),
    one("fertility", "Fertility rate", "babies per woman", "Fertility", (row) => row.fertility),
  ];
}

/**
 * The Mauna Loa file has monthly readings; observations are yearly, so a year's value is the
 * mean of its twelve readings. Years with fewer readings in the file are left out rather than
 * averaged over part of the seasonal cycle.
 */
function co2(vega: VegaPackage): SeedIndicator {
  const resource = resourceOf(vega, "co2-concentration.csv");
  const byYear = new Map<number, { raw: number[]; adjusted: number[] }>();
  for (const [index, row] of readCsv(vega, "co2-concentration.csv").entries()) {
    const year = Number((row["Date"] ?? "").slice(0, 4));
    const bucket = byYear.get(year) ?? { raw: [], adjusted: [] };
    bucket.raw.push(finite(row["CO2"], `co2-concentration.csv row ${index + 2}`));
    bucket.adjusted.push(finite(row["adjusted CO2"], `co2-concentration.csv row ${index + 2}`));
    byYear.set(year, bucket);
  }
  const mean = (values: number[]) => Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
  const complete = [...byYear].filter(([, bucket]) => bucket.raw.length === 12);
  const partial = [...byYear].filter(([, bucket]) => bucket.raw.length !== 12).map(([year]) => year);
  const how =
    `Each year is the mean of its 12 monthly readings, rounded to 0.01 ppm; "seasonally adjusted" averages the file's adjusted column.` +
    (partial.length > 0 ? ` Years with fewer than 12 readings in the file (${partial.join(", ")}) are left out.` : "");
  const source = sourceOf(resource);
  return {
    code: "co2_concentration",
    name: "CO₂ concentration at Mauna Loa",
    unit: "ppm",
    source: `${source.title}, Mauna Loa Observatory`,
    sourceUrl: source.path,
    notes: provenance(vega, resource, how),
    observations: complete.flatMap(([year, bucket]) => [
      { entity: "Mauna Loa", year, value: mean(bucket.raw) },
      { entity: "Mauna Loa, seasonally adjusted", year, value: mean(bucket.adjusted) },
    ]),
  };
}

function iowaElectricity(vega: VegaPackage): SeedIndicator {
  const resource = resourceOf(vega, "iowa-electricity.csv");
  const source = sourceOf(resource);
  return {
    code: "iowa_electricity",
    name: "Iowa net electricity generation",
    unit: "thousand MWh",
    source: source.title,
    sourceUrl: source.path,
    notes: provenance(vega, resource, "Annual net generation in Iowa by energy source, as downloaded from the EIA in 2018."),
    observations: readCsv(vega, "iowa-electricity.csv").map((row, index) => ({
      entity: row["source"] ?? "",
      year: Number((row["year"] ?? "").slice(0, 4)),
      value: finite(row["net_generation"], `iowa-electricity.csv row ${index + 2}`),
    })),
  };
}

function globalTemperature(vega: VegaPackage): SeedIndicator {
  const resource = resourceOf(vega, "global-temp.csv");
  const source = sourceOf(resource);
  return {
    code: "global_temperature",
    name: "Global temperature anomaly",
    unit: "°C",
    source: `${source.title} (GISTEMP)`,
    sourceUrl: source.path,
    notes: provenance(
      vega,
      resource,
      "Land-Ocean Temperature Index: combined land-surface air and sea-surface water temperature anomalies.",
    ),
    observations: readCsv(vega, "global-temp.csv").map((row, index) => ({
      entity: "World",
      year: finite(row["year"], `global-temp.csv row ${index + 2}`),
      value: finite(row["temp"], `global-temp.csv row ${index + 2}`),
    })),
  };
}

/**
 * Every seeded indicator with its observations, read from the vega-datasets files.
 * @example
 * const [population] = readVegaIndicators();
 * population.observations.length; // 682
 */
export function readVegaIndicators(vega: VegaPackage = locateVegaDatasets()): SeedIndicator[] {
  return [...gapminder(vega), co2(vega), iowaElectricity(vega), globalTemperature(vega)];
}
