/**
 * The indicators example's CSV checks and its reading of the vega-datasets files, without a
 * database: every bad row is reported by its row number (the header is row 1) and reason.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { checkNewIndicator, codeFromName, decodeUpload, describeProblem, parseIndicatorCsv } from "../../examples/indicators/csv-import.js";
import { plainText, plotFigure } from "../../examples/indicators/figure.js";
import { locateVegaDatasets, readVegaIndicators } from "../../examples/indicators/vega-data.js";

function problemsOf(csv: string, limits?: { maxBytes: number; maxRows: number }): string[] {
  const parsed = parseIndicatorCsv(csv, limits);
  assert.ok(!parsed.ok, "the file is refused");
  return parsed.problems.map(describeProblem);
}

describe("indicator CSV parsing", () => {
  test("reads entity, year and value in any column order, with quoted names, a BOM and CRLF", () => {
    const parsed = parseIndicatorCsv('\ufeffYear,Value,Entity\r\n2000,21.4,"Korea, Rep."\r\n2001,-3e2,Chile\r\n');
    assert.deepEqual(parsed, {
      ok: true,
      rows: [
        { entity: "Korea, Rep.", year: 2000, value: 21.4 },
        { entity: "Chile", year: 2001, value: -300 },
      ],
    });
  });

  test("lists every bad row with its number and reason", () => {
    const csv = [
      "entity,year,value",
      "Chile,2000,1",
      ",2001,2",
      "Chile,20x1,3",
      "Chile,2003,abc",
      "Chile,2004,",
      "Chile,2005,1,9",
      "Chile,99999,1",
    ].join("\n");
    assert.deepEqual(problemsOf(csv), [
      "row 3: entity: expected a name, found nothing",
      'row 4: year: expected an integer, found "20x1"',
      'row 5: value: expected a number, found "abc"',
      "row 6: value: expected a number, found nothing",
      "row 7: expected 3 fields (entity, year, value), found 4",
      "row 8: year: expected a year from -9999 to 9999, found 99999",
    ]);
  });

  test("counts rows as a spreadsheet does across blank lines and multi-line quoted names", () => {
    const csv = 'entity,year,value\n\n"North\nRegion",2000,1\nSouth,2000,oops\n';
    assert.deepEqual(problemsOf(csv), ['row 5: value: expected a number, found "oops"']);
  });

  test("refuses the same entity and year twice, naming the first row", () => {
    assert.deepEqual(problemsOf("entity,year,value\nChile,2000,1\nPeru,2000,2\nChile,2000,3\n"), [
      'row 4: "Chile" in 2000 is already given on row 2',
    ]);
  });

  test("requires a header naming entity, year and value", () => {
    assert.deepEqual(problemsOf("Chile,2000,1\nPeru,2000,2\n"), [
      'row 1: header: expected the columns entity, year, value; missing "entity", "year", "value" (found "chile", "2000", "1")',
      'row 1: header: expected the columns entity, year, value; unknown column "chile", "2000", "1"',
    ]);
    assert.deepEqual(problemsOf("entity,year,value,entity\nChile,2000,1,x\n"), [
      'row 1: header: expected the columns entity, year, value; column "entity" appears twice',
    ]);
  });

  test("refuses an empty file, a header without rows and unreadable CSV", () => {
    assert.deepEqual(problemsOf(""), ["the file is empty; expected a header row (entity,year,value) and data rows"]);
    assert.deepEqual(problemsOf("entity,year,value\n"), ["the file has a header but no data rows"]);
    const [unclosed] = problemsOf('entity,year,value\nChile,2000,1\n"Peru,2001,2\n');
    assert.match(unclosed ?? "", /^row 3: not a readable CSV file: .*quote/i);
  });

  test("refuses a file over the size or row limit with the limit in the message", () => {
    const csv = `entity,year,value\n${Array.from({ length: 11 }, (_, index) => `E,${2000 + index},1`).join("\n")}\n`;
    assert.deepEqual(problemsOf(csv, { maxBytes: 1_000_000, maxRows: 10 }), [
      "the file has more than 10 data rows; the limit is 10: split it into smaller files",
    ]);
    assert.ok(parseIndicatorCsv(csv, { maxBytes: 1_000_000, maxRows: 11 }).ok);
    assert.deepEqual(problemsOf(csv, { maxBytes: 100, maxRows: 100 }), [
      "the file is 1 KB; the limit is 1 KB: split it into smaller files",
    ]);
  });

  test("decodes dcc.Upload's base64 data URL and leaves plain text alone", () => {
    const text = "entity,year,value\nZürich,2000,1\n";
    assert.equal(decodeUpload(`data:text/csv;base64,${Buffer.from(text).toString("base64")}`), text);
    assert.equal(decodeUpload("data:text/csv,entity%2Cyear"), "entity,year");
    assert.equal(decodeUpload(text), text);
  });
});

describe("new indicator fields", () => {
  test("derives a code from the name", () => {
    assert.equal(codeFromName("Forest area (% of land)"), "forest_area_of_land");
    assert.equal(codeFromName("Émissions de CO₂"), "emissions_de_co2");
    assert.equal(codeFromName("2024 crops"), "crops");
  });

  test("names each bad field", () => {
    const result = checkNewIndicator({ name: " ", code: "9lives", unit: "x".repeat(41) });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map(describeProblem), [
      "name: expected 1 to 80 characters, found nothing",
      'code: expected 2 to 40 lowercase letters, digits or underscores, starting with a letter, found "9lives"',
      "unit: expected at most 40 characters, found 41",
    ]);
  });

  test("counts characters as a reader sees them: 80 emoji of name and 40 of unit fit, one more does not", () => {
    const family = "👩‍👩‍👧"; // one character, 8 UTF-16 units
    const fits = checkNewIndicator({
      name: `Forest ${"🌲".repeat(73)}`,
      unit: family.repeat(40),
      source: "é".normalize("NFD").repeat(200),
    });
    assert.ok(fits.ok, JSON.stringify(fits));
    const over = checkNewIndicator({ name: `Forest ${"🌲".repeat(74)}`, unit: family.repeat(41), source: "🇨🇱".repeat(201) });
    assert.ok(!over.ok);
    assert.deepEqual(over.problems.map(describeProblem), [
      "name: expected 1 to 80 characters, found 81 characters",
      "unit: expected at most 40 characters, found 41",
      "source: expected at most 200 characters, found 201",
    ]);
  });

  test("refuses a name, unit or source that is not well-formed Unicode", () => {
    const result = checkNewIndicator({ name: "\ud800", unit: "kg\udfff", source: "x\ud83d" });
    assert.ok(!result.ok);
    assert.deepEqual(result.problems.map(describeProblem), [
      "name: contains invalid Unicode (a lone surrogate)",
      "unit: contains invalid Unicode (a lone surrogate)",
      "source: contains invalid Unicode (a lone surrogate)",
    ]);
    assert.ok(checkNewIndicator({ name: "Forest 🌲", unit: "😀" }).ok, "paired surrogates are fine");
  });
});

describe("CSV text as a reader sees it", () => {
  test("a series name of 200 emoji fits and 201 do not", () => {
    assert.ok(parseIndicatorCsv(`entity,year,value\n${"😀".repeat(200)},2000,1\n`).ok);
    assert.deepEqual(problemsOf(`entity,year,value\n${"😀".repeat(201)},2000,1\n`), [
      "row 2: entity: expected at most 200 characters, found 201",
    ]);
  });

  test("a lone surrogate is refused with its row instead of being read as U+FFFD", () => {
    assert.deepEqual(problemsOf("entity,year,value\nChile,2000,1\nPe\udc00ru,2000,2\n"), [
      "row 3: contains invalid Unicode (a lone surrogate); nothing was read",
    ]);
  });

  test("a long value quoted in a message is shortened without cutting an emoji in two", () => {
    const [problem] = problemsOf(`entity,year,value\nChile,${"😀".repeat(50)},1\n`);
    assert.equal(problem, `row 2: year: expected an integer, found "${"😀".repeat(37)}..."`);
  });
});

describe("vega-datasets reading", () => {
  const vega = locateVegaDatasets();
  const indicators = readVegaIndicators(vega);

  test("finds the package and every data set it reads", () => {
    assert.ok(fs.existsSync(path.join(vega.dir, "data", "gapminder.json")));
    assert.deepEqual(
      indicators.map((indicator) => indicator.code),
      ["population", "life_expectancy", "fertility", "co2_concentration", "iowa_electricity", "global_temperature"],
    );
  });

  test("a CO2 year is the mean of the file's twelve monthly readings, and partial years are left out", () => {
    const lines = fs
      .readFileSync(path.join(vega.dir, "data", "co2-concentration.csv"), "utf8")
      .trim()
      .split("\n")
      .slice(1);
    const readings1960 = lines.filter((line) => line.startsWith("1960-")).map((line) => Number(line.split(",")[1]));
    assert.equal(readings1960.length, 12);
    const co2 = indicators.find((indicator) => indicator.code === "co2_concentration")!;
    const value = co2.observations.find((row) => row.entity === "Mauna Loa" && row.year === 1960)?.value;
    assert.equal(value, Math.round((readings1960.reduce((a, b) => a + b, 0) / 12) * 100) / 100);
    const partial = lines.filter((line) => line.startsWith("1958-")).length;
    assert.ok(partial < 12);
    assert.equal(
      co2.observations.some((row) => row.year === 1958),
      false,
    );
    assert.match(co2.notes, /1958/);
  });

  test("the Iowa figures keep the file's years and sources", () => {
    const iowa = indicators.find((indicator) => indicator.code === "iowa_electricity")!;
    const firstLine = fs.readFileSync(path.join(vega.dir, "data", "iowa-electricity.csv"), "utf8").split("\n")[1]!;
    const [date, source, generation] = firstLine.split(",");
    assert.deepEqual(iowa.observations[0], { entity: source, year: Number(date!.slice(0, 4)), value: Number(generation) });
  });
});

describe("figure layout", () => {
  test("formats whole numbers with separators and decimals without trailing zeros", () => {
    const whole = plotFigure({ title: "P", unit: "people", series: [{ name: "A", x: [2000], y: [1_234_567] }] });
    assert.match(whole.data[0]!.hovertemplate, /%\{y:,d\} people/);
    const decimal = plotFigure({ title: "T", unit: "°C", series: [{ name: "A", x: [2000], y: [0.17] }] });
    assert.match(decimal.data[0]!.hovertemplate, /%\{y:,\.2~f\} °C/);
  });

  test("every user-provided text in a figure is plain text: no tag, entity, TeX or template reaches Plotly", () => {
    const link = '<a href="https://example.org">x</a>';
    const figure = plotFigure({
      title: link,
      unit: "<b>kg</b> &lt; $x$",
      source: "<br>%{y}",
      series: [
        { name: link, x: [2000, 2001], y: [1, 2] },
        { name: "A & B", x: [2000], y: [3] },
      ],
    });
    const layout = figure.layout as { title: { text: string }; yaxis: { title: { text: string } }; annotations: Array<{ text: string }> };
    const texts = [
      layout.title.text,
      layout.yaxis.title.text,
      ...layout.annotations.map((annotation) => annotation.text),
      ...figure.data.map((trace) => trace.name),
      ...figure.data.map((trace) =>
        trace.hovertemplate.replace(/^%\{fullData\.name\}: %\{y:[^}]*\} /, "").replace(/<extra><\/extra>$/, ""),
      ),
    ];
    for (const text of texts) {
      assert.doesNotMatch(text, /[<>$]|%\{|&(?!(amp|lt|gt|#36);)/, `plain text: ${text}`);
    }
    assert.equal(layout.title.text, '&lt;a href="https://example.org"&gt;x&lt;/a&gt;');
    assert.equal(figure.data[0]!.name, layout.title.text);
    assert.equal(figure.data[1]!.name, "A &amp; B");
    // A typed "&lt;" reaches Plotly as "&amp;lt;", which Plotly shows as "&lt;", as typed.
    assert.equal(layout.yaxis.title.text, "&lt;b&gt;kg&lt;/b&gt; &amp;lt; &#36;x&#36;");
    assert.equal(plainText("%{y}"), "%\u200b{y}");
  });

  test("shows a plain-text unit literally in the hover template", () => {
    const figure = plotFigure({ title: "T", unit: "<b>%{x}</b>", series: [{ name: "A", x: [2000], y: [1] }] });
    assert.doesNotMatch(figure.data[0]!.hovertemplate, /<b>|%\{x\}/);
  });
});
