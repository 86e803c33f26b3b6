// An esbuild plugin that derives the renderer's component registry from the files: every folder
// src/components/<name>/ with a definition file <name>.ts and a view file <name>-view.tsx is
// registered, with no list to keep. The definitions are evaluated at build time (they are
// DOM-free) to learn each view's loading mode: "lazy" views become chunks fetched on first use.
// The renderer imports the result as the virtual module "dashbase:component-views". Likewise
// "dashbase:styles" is src/client/styles.css followed by each folder's <name>.css, if it has one:
// the build's main.css. A lazy view's <name>.lazy.css instead goes into its chunk as text.
import fs from "node:fs";
import path from "node:path";
import * as esbuild from "esbuild";

/** The component folders under `dir`, sorted, each with its definition and view file. */
export function listComponentFolders(dir) {
  if (!fs.existsSync(dir)) return [];
  const found = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const definitionFile = path.join(dir, name, `${name}.ts`);
    const viewFile = path.join(dir, name, `${name}-view.tsx`);
    if (!fs.existsSync(definitionFile)) continue;
    if (!fs.existsSync(viewFile)) throw new Error(`${path.join(dir, name)}: a component folder needs ${name}-view.tsx beside ${name}.ts`);
    found.push({ name, definitionFile, viewFile });
  }
  return found;
}

function isDefinition(value) {
  return typeof value === "object" && value !== null && typeof value.type === "string" && typeof value.children === "string";
}

/** Loads the definition files in Node (bundled by esbuild) and lists, per folder, the exports that are definitions. */
export async function evaluateDefinitions(root, folders) {
  const contents = folders.map((folder, index) => `export * as m${index} from ${JSON.stringify(folder.definitionFile)};`).join("\n");
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "component-definitions.ts" },
    absWorkingDir: root,
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  const modules = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString("base64")}`);
  return folders.map((folder, index) => {
    const namespace = modules[`m${index}`];
    const exports = [];
    for (const [exportName, value] of Object.entries(namespace)) {
      if (isDefinition(value)) exports.push({ exportName, definitions: [value] });
      else if (Array.isArray(value) && value.length > 0 && value.every(isDefinition))
        exports.push({ exportName, definitions: value, spread: true });
    }
    if (exports.length === 0) throw new Error(`${folder.definitionFile}: exports no component definition (see defineComponent)`);
    const definitions = exports.flatMap((entry) => entry.definitions);
    return { ...folder, exports, lazy: definitions.some((definition) => definition.view === "lazy") };
  });
}

/** The source of "dashbase:component-views". */
export function registrySource(components) {
  const lines = [];
  const entries = components.map((component, index) => {
    lines.push(`import * as d${index} from ${JSON.stringify(component.definitionFile)};`);
    const definitions = component.exports
      .map((entry) => (entry.spread ? `...d${index}.${entry.exportName}` : `d${index}.${entry.exportName}`))
      .join(", ");
    if (component.lazy) return `{ definitions: [${definitions}], load: () => import(${JSON.stringify(component.viewFile)}) }`;
    lines.push(`import * as v${index} from ${JSON.stringify(component.viewFile)};`);
    return `{ definitions: [${definitions}], module: v${index} }`;
  });
  return `${lines.join("\n")}\nexport default [\n  ${entries.join(",\n  ")},\n];\n`;
}

/** The source of "dashbase:styles": the base stylesheet, then the components' own, in folder order. */
export function stylesSource(root, dir) {
  const sheets = [path.join(root, "src", "client", "styles.css")];
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const sheet = path.join(dir, name, `${name}.css`);
    if (fs.existsSync(sheet)) sheets.push(sheet);
  }
  return { contents: sheets.map((sheet) => `@import ${JSON.stringify(sheet)};`).join("\n"), watchFiles: sheets };
}

/** The plugin: resolves "dashbase:component-views" to the registry of src/components, "dashbase:styles" to the stylesheets. */
export function componentViewsPlugin({ root, dir = path.join(root, "src", "components") }) {
  return {
    name: "dashbase-component-views",
    setup(build) {
      build.onResolve({ filter: /^dashbase:component-views$/ }, () => ({ path: "component-views", namespace: "dashbase-components" }));
      build.onResolve({ filter: /^dashbase:styles$/ }, () => ({ path: "styles", namespace: "dashbase-styles" }));
      // a lazy view's own stylesheet: minified text in its chunk (src/client/lazy-styles.ts adds it)
      build.onLoad({ filter: /\.lazy\.css$/ }, async (args) => {
        const source = await fs.promises.readFile(args.path, "utf8");
        const { code } = await esbuild.transform(source, { loader: "css", minify: true });
        return { contents: `export default ${JSON.stringify(code.trim())};`, loader: "js" };
      });
      build.onLoad({ filter: /.*/, namespace: "dashbase-styles" }, () => ({ ...stylesSource(root, dir), resolveDir: root, loader: "css" }));
      build.onLoad({ filter: /.*/, namespace: "dashbase-components" }, async () => {
        const components = await evaluateDefinitions(root, listComponentFolders(dir));
        return {
          contents: registrySource(components),
          resolveDir: root,
          loader: "js",
          watchFiles: components.flatMap((c) => [c.definitionFile, c.viewFile]),
        };
      });
    },
  };
}
