/**
 * @module
 * Writes docs/components.md, the reference of the built-in components, from their definitions:
 * each folder of src/components gives its type name, children rule, defaults, persisted props and
 * how its view loads (read from the definition itself), its description (the definition's doc
 * comment), its example (the factory's `@example`) and its props (the props type, read with the
 * TypeScript compiler). `node --import tsx scripts/write-components-doc.ts` rewrites the file;
 * test/unit/components-doc.test.ts fails when it is out of date.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import ts from "typescript";
import type { ComponentDefinition } from "../src/protocol/component-definition.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const componentsDir = path.join(root, "src", "components");

/** Props every component takes, described once at the top instead of in every table. */
const commonProps = new Set(["id", "className", "style"]);

interface Documented {
  readonly definition: ComponentDefinition;
  readonly description: string;
  readonly example: string | undefined;
  readonly props: ReadonlyArray<{ name: string; type: string; optional: boolean; doc: string }>;
}

function definitionFiles(): string[] {
  return fs
    .readdirSync(componentsDir)
    .sort()
    .map((name) => path.join(componentsDir, name, `${name}.ts`))
    .filter((file) => fs.existsSync(file));
}

function isDefinition(value: unknown): value is ComponentDefinition {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    typeof (value as { children?: unknown }).children === "string"
  );
}

function docText(symbol: ts.Symbol, checker: ts.TypeChecker): string {
  return ts
    .displayPartsToString(symbol.getDocumentationComment(checker))
    .replace(/\s*\n\s*/g, " ")
    .trim();
}

function exampleOf(symbol: ts.Symbol | undefined): string | undefined {
  const tag = symbol?.getJsDocTags().find((candidate) => candidate.name === "example");
  return tag?.text === undefined ? undefined : ts.displayPartsToString(tag.text).trim();
}

/** Reads the props type of each definition exported by `file`, keyed by export name. */
function readTypes(program: ts.Program, file: string): Map<string, Omit<Documented, "definition">> {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const found = new Map<string, Omit<Documented, "definition">>();
  if (source === undefined) return found;
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exports = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
  // the factory is the export whose initializer builds on the definition: its @example is the reference's
  const examples = new Map<string, string>();
  for (const symbol of exports) {
    const declaration = symbol.valueDeclaration;
    if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) continue;
    const text = declaration.initializer.getText(source);
    const match = /^(?:\/\*\s*@__PURE__\s*\*\/\s*)?(?:componentFactory|withDefinition)\((\w+)/.exec(text);
    const example = exampleOf(symbol);
    if (match !== null && example !== undefined) examples.set(match[1]!, example);
  }
  for (const symbol of exports) {
    const declaration = symbol.valueDeclaration;
    if (declaration === undefined || !ts.isVariableDeclaration(declaration)) continue;
    const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
    if (type.getProperty("children") === undefined || type.getProperty("type") === undefined) continue;
    const args = (type.flags & ts.TypeFlags.Object) !== 0 ? checker.getTypeArguments(type as ts.TypeReference) : [];
    const propsType = args[1];
    const props = (propsType === undefined ? [] : checker.getPropertiesOfType(propsType)).map((property) => {
      const at = property.valueDeclaration ?? property.declarations?.[0] ?? declaration;
      const propertyType = checker.getTypeOfSymbolAtLocation(property, at);
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
      const shown = checker.typeToString(
        optional ? checker.getNonNullableType(propertyType) : propertyType,
        undefined,
        ts.TypeFormatFlags.NoTruncation,
      );
      return { name: property.name, type: shown, optional, doc: docText(property, checker) };
    });
    found.set(symbol.name, { description: docText(symbol, checker), example: examples.get(symbol.name) ?? exampleOf(symbol), props });
  }
  return found;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function section(entry: Documented): string {
  const { definition } = entry;
  const lines = [`## ${definition.type}`, "", entry.description || definition.description || "", ""];
  const facts = [
    `children: ${definition.children === "nodes" ? "layout nodes and text" : definition.children === "text" ? "text" : "none"}`,
  ];
  const persisted = definition.persistence?.props;
  if (persisted !== undefined) {
    const how = definition.persistence?.where !== undefined ? "by its own rule (as described above)" : "with `persistence`";
    facts.push(
      `persists ${persisted.map((name) => `\`${name}\``).join(", ")} ${how}${definition.persistence?.debounce === true ? ", server saves after a pause in typing" : ""}`,
    );
  }
  facts.push(`view: ${definition.view === "lazy" ? "a chunk fetched the first time a page shows one" : "in the main bundle"}`);
  lines.push(`- ${facts.join("\n- ")}`, "");
  if (entry.example !== undefined) lines.push("```ts", entry.example, "```", "");
  const defaults = (definition.defaults ?? {}) as Readonly<Record<string, unknown>>;
  const rows = entry.props.filter((prop) => !commonProps.has(prop.name));
  if (rows.length > 0) {
    lines.push("| prop | type | default | |", "| --- | --- | --- | --- |");
    for (const prop of rows) {
      const fallback = prop.name in defaults ? `\`${JSON.stringify(defaults[prop.name])}\`` : prop.optional ? "" : "required";
      lines.push(`| \`${prop.name}\` | \`${cell(prop.type)}\` | ${fallback} | ${cell(prop.doc)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/**
 * The text of docs/components.md.
 * @example
 * fs.writeFileSync("docs/components.md", await renderComponentsDoc());
 */
export async function renderComponentsDoc(): Promise<string> {
  const files = definitionFiles();
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const program = ts.createProgram(files, options);
  const entries: Documented[] = [];
  const html: ComponentDefinition[] = [];
  for (const file of files) {
    const types = readTypes(program, file);
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (Array.isArray(value) && value.every(isDefinition)) html.push(...value);
      if (!isDefinition(value)) continue;
      const read = types.get(name);
      entries.push({ definition: value, description: read?.description ?? "", example: read?.example, props: read?.props ?? [] });
    }
  }
  const header = [
    "# Components",
    "",
    "<!-- Written by scripts/write-components-doc.ts from the definitions in src/components; do not edit by hand:",
    "     run `node --import tsx scripts/write-components-doc.ts`. test/unit/components-doc.test.ts checks it is up to date. -->",
    "",
    "The built-in components, one folder each in `src/components/<name>/`: `<name>.ts` holds the props, the",
    "definition and the factory, `<name>-view.tsx` the browser view. Every component also takes `id` (a string,",
    "or an object for pattern-matching callbacks), `className` and `style` (a camelCase style object).",
    '`persistence` is `"server"` (the per-user store, replayed into later layouts), `"local"`, `"session"` or `true`',
    "(the browser's storage); `persisted_props` overrides which props persist. Components from other packages:",
    "[component-packages.md](component-packages.md).",
    "",
    "Styles: `<name>.css` joins main.css; a lazy view's `<name>.lazy.css` travels in its chunk instead (the view",
    "passes it to `addLazyStyles`), so pages without the component download none of it. Both use the `--dashbase-*`",
    "variables, so every component follows the light and dark themes and an app's overrides (see apps.md, Themes).",
    "",
    "## html.*",
    "",
    `One factory per element: ${html.map((definition) => `\`${definition.type}\``).join(", ")}. Children come first or in props`,
    '(`html.Div([...], { id })`, `html.P("text")`); `n_clicks` counts clicks; `aria-*` and `data-*` pass through. No other element is',
    "drawn: script, style, iframe and the like are shown as a note.",
    "",
  ];
  const text = `${[...header, ...entries.map(section)].join("\n").replace(/\n+$/, "")}\n`;
  // formatted as the repository's Prettier would, so `prettier --check` and the test agree
  const target = path.join(root, "docs", "components.md");
  return prettier.format(text, { ...(await prettier.resolveConfig(target)), filepath: target });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const target = path.join(root, "docs", "components.md");
  fs.writeFileSync(target, await renderComponentsDoc());
  console.log(`wrote ${path.relative(root, target)}`);
}
