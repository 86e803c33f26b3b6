import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, it } from "node:test";
import { builtInCatalog, builtInDefinitions, createComponentCatalog } from "../../src/components/component-catalog.js";

const definitionOf = (type: string) => builtInCatalog.definitionOf(type);
import { dcc } from "../../src/components/dcc.js";
import { html, htmlDefinitions, htmlTags } from "../../src/components/html/html.js";
import { componentFactory, defineComponent, persistedPropsFor, persistenceWhere, type ViewProps } from "../../src/component-api.js";
import { definitionOfFactory } from "../../src/layout/component-factory.js";
import { DataTable } from "../../src/layout/data-table.js";
import { summarizeLayout } from "../../src/layout/layout-walk.js";
import { isDashbaseError } from "../../src/errors/dashbase-error.js";
import { loadComponentModules } from "../../src/server/component-modules.js";
import { allowImportMap, importMapOf } from "../../src/server/import-map.js";
import { defaultContentSecurityPolicy } from "../../src/server/security-headers.js";

const componentsDir = path.resolve("src/components");

describe("component definitions", () => {
  it("gives every component folder a definition file and a view file, and every dcc factory its definition", () => {
    const folders = fs.readdirSync(componentsDir).filter((name) => fs.statSync(path.join(componentsDir, name)).isDirectory());
    for (const folder of folders) {
      assert.equal(fs.existsSync(path.join(componentsDir, folder, `${folder}.ts`)), true, `${folder}/${folder}.ts`);
      assert.equal(fs.existsSync(path.join(componentsDir, folder, `${folder}-view.tsx`)), true, `${folder}/${folder}-view.tsx`);
    }
    for (const [name, factory] of Object.entries(dcc)) {
      const definition = definitionOfFactory(factory);
      assert.equal(definition?.type, `dcc.${name}`, name);
      assert.equal(definitionOf(`dcc.${name}`), definition);
    }
    assert.equal(builtInDefinitions().length, Object.keys(dcc).length);
    assert.equal(definitionOfFactory(DataTable)?.type, "DataTable");
    assert.deepEqual(
      htmlDefinitions.map((definition) => definition.type),
      htmlTags.map((tag) => `html.${tag}`),
    );
    assert.equal(definitionOfFactory(html.Div)?.children, "nodes");
    assert.equal(definitionOfFactory(html.Br)?.children, "none");
  });

  it("builds nodes with the factory derived from a definition, typed by its props", () => {
    const slider = dcc.Slider({ id: "year", min: 1960, max: 2020, marks: { 1960: "1960", 2020: { label: "now" } } });
    assert.deepEqual(slider, {
      type: "dcc.Slider",
      props: { id: "year", min: 1960, max: 2020, marks: { 1960: "1960", 2020: { label: "now" } } },
    });
    assert.equal(Object.isFrozen(slider), true);
    assert.deepEqual(dcc.Slider.definition.defaults, { step: 1, updatemode: "mouseup" }, "defaults reach the view, not the wire");
  });

  it("says which props persist, where, and whether typing waits for a pause", () => {
    assert.deepEqual(persistedPropsFor(definitionOf("dcc.DatePickerRange"), { persistence: true }), ["start_date", "end_date"]);
    assert.deepEqual(persistedPropsFor(definitionOf("dcc.Slider"), { persisted_props: ["min"] }), ["min"], "persisted_props wins");
    assert.deepEqual(persistedPropsFor(undefined, {}), ["value"]);
    assert.equal(definitionOf("dcc.Input")?.persistence?.debounce, true);
    assert.equal(definitionOf("dcc.Textarea")?.persistence?.debounce, true);
    assert.equal(definitionOf("dcc.Dropdown")?.persistence?.debounce, undefined, "a choice is saved at once");
    assert.equal(persistenceWhere(definitionOf("dcc.Slider"), { persistence: true }), "local");
    assert.equal(persistenceWhere(definitionOf("dcc.Input"), { persistence: "memory" }), "memory");
    assert.equal(persistenceWhere(definitionOf("dcc.Store"), { storage_type: "server" }), "server", "the Store's own rule");
    assert.equal(persistenceWhere(definitionOf("dcc.Store"), { storage_type: "local" }), null, "its view keeps local data itself");
    const summary = summarizeLayout(
      html.Div([dcc.Store({ id: "prefs", storage_type: "server" }), dcc.Tabs({ id: "tabs", persistence: "server", children: [] })]),
    );
    assert.deepEqual(
      summary.persisted.map((entry) => `${entry.key}.${entry.property}`),
      ["prefs.data", "tabs.value"],
    );
  });

  it("checks and freezes a definition", () => {
    const rating = defineComponent<"myRatings.Stars", { value?: number }>({
      type: "myRatings.Stars",
      children: "none",
      persistence: { props: ["value"] },
    });
    assert.equal(Object.isFrozen(rating), true);
    assert.equal(Object.isFrozen(rating.persistence), true);
    assert.throws(() => defineComponent({ type: "has space", children: "none" }), /dotted identifiers/);
    assert.throws(() => defineComponent({ type: "x.Y", children: "none", persistence: { props: [""] } }), /prop names/);
    const view: (props: ViewProps<{ value?: number }>) => unknown = (props) => props.props.value;
    assert.equal(typeof view, "function");
  });
});

describe("component packages", () => {
  const rating = defineComponent<"unitRatings.Stars", { value?: number; persistence?: "server" }>({
    type: "unitRatings.Stars",
    children: "none",
    persistence: { props: ["value"] },
  });
  const Stars = componentFactory(rating);

  it("replays a declared package's persisted props like a built-in one's", () => {
    assert.deepEqual(summarizeLayout(Stars({ persistence: "server", value: 2 })).persisted, [], "no id: nothing to save");
    const catalog = createComponentCatalog([rating, rating]); // the same definition twice is harmless
    const layout = html.Div([{ type: "unitRatings.Stars", props: { id: "s", persistence: "server" } }]);
    assert.deepEqual(
      summarizeLayout(layout, catalog).persisted.map((entry) => entry.property),
      ["value"],
    );
    assert.equal(createComponentCatalog().definitionOf("unitRatings.Stars"), undefined, "another app's catalog does not know it");
  });

  it("refuses a type name taken by a built-in component or by another definition", () => {
    const code = (error: unknown): string | undefined => (isDashbaseError(error) ? error.code : undefined);
    assert.throws(
      () => createComponentCatalog([defineComponent({ type: "dcc.Slider", children: "none" })]),
      (error) => code(error) === "DASHBASE_E_COMPONENT_CONFLICT",
    );
    assert.throws(
      () => createComponentCatalog([defineComponent({ type: "html.Marquee", children: "nodes" })]),
      (error) => code(error) === "DASHBASE_E_COMPONENT_CONFLICT",
    );
    assert.throws(
      () => createComponentCatalog([rating, defineComponent({ type: "unitRatings.Stars", children: "none" })]),
      (error) => code(error) === "DASHBASE_E_COMPONENT_CONFLICT",
    );
  });

  it("serves a package's browser module under a content hash and lists it with its persisted props", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dashbase-component-"));
    const file = path.join(dir, "stars-view.js");
    fs.writeFileSync(file, "export default function Stars() { return null; }\n");
    try {
      const withModule = defineComponent({
        type: "unitRatings.Served",
        children: "none",
        persistence: { props: ["value"], debounce: true },
        view: pathToFileURL(file),
      });
      const modules = await loadComponentModules([withModule, rating]);
      const hash = createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 16);
      assert.deepEqual(modules.boot, {
        "unitRatings.Served": { module: `/_dashbase/components/${hash}/stars-view.js`, persisted: ["value"], debounce: true },
      });
      const served = await modules.folders.get(hash)?.read("stars-view.js", undefined);
      assert.match(served?.body.toString() ?? "", /export default function Stars/);
      fs.rmSync(file);
      await assert.rejects(
        loadComponentModules([withModule]),
        (error) => isDashbaseError(error) && error.code === "DASHBASE_E_COMPONENT_MODULE",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the import map", () => {
  const manifest = {
    "main.js": "main-A.js",
    "preact.js": "preact-B.js",
    "preact-hooks.js": "preact-hooks-C.js",
    "preact-jsx-runtime.js": "preact-jsx-runtime-D.js",
    "preact-compat.js": "preact-compat-E.js",
  };

  it("maps Preact, and React onto Preact's compat layer, to the renderer's fingerprinted files", () => {
    const map = importMapOf("/_dashbase/static/", manifest);
    const imports = (JSON.parse(map.json) as { imports: Record<string, string> }).imports;
    assert.equal(imports["preact"], "/_dashbase/static/preact-B.js");
    assert.equal(imports["preact/hooks"], "/_dashbase/static/preact-hooks-C.js");
    assert.equal(imports["react"], "/_dashbase/static/preact-compat-E.js");
    assert.equal(imports["react/jsx-runtime"], "/_dashbase/static/preact-jsx-runtime-D.js");
    assert.deepEqual(map.preload, [
      "/_dashbase/static/preact-B.js",
      "/_dashbase/static/preact-hooks-C.js",
      "/_dashbase/static/preact-jsx-runtime-D.js",
    ]);
    assert.equal(map.cspSource, `'sha256-${createHash("sha256").update(map.json).digest("base64")}'`);
  });

  it("allows exactly the import map in the page's policy, and leaves a policy that allows inline scripts alone", () => {
    const map = importMapOf("/_dashbase/static/", manifest);
    assert.match(
      allowImportMap(defaultContentSecurityPolicy, map),
      new RegExp(`script-src 'self' ${map.cspSource.replace(/[+/]/g, "\\$&")}; style-src`),
    );
    assert.equal(allowImportMap("default-src 'self'", map), `default-src 'self' ${map.cspSource}`);
    const permissive = "default-src 'self'; script-src 'self' 'unsafe-inline'";
    assert.equal(allowImportMap(permissive, map), permissive);
  });
});
