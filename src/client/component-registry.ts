/**
 * @module
 * Which browser implementation each component type has. Heavier, rarer components (Markdown,
 * DataTable) are separate chunks, fetched the first time a page shows one.
 */
import { Checklist, RadioItems } from "./components/choice-lists.js";
import { DatePickerRange, DatePickerSingle } from "./components/date-pickers.js";
import { Dropdown } from "./components/dropdown.js";
import { ConfirmDialog, Loading } from "./components/feedback.js";
import { Graph } from "./components/graph.js";
import { HtmlElement } from "./components/html-element.js";
import { Download, Interval, Store } from "./components/invisible-components.js";
import { Link, Location } from "./components/navigation.js";
import { RangeSlider, Slider } from "./components/sliders.js";
import { Tab, Tabs } from "./components/tabs.js";
import { TextArea, TextInput } from "./components/text-inputs.js";
import { Upload } from "./components/upload.js";
import type { ViewEntry, ViewRegistry } from "./render-node.js";

/**
 * The registry of dashbase's built-in components.
 *
 * @example
 * <ViewRegistryContext.Provider value={createComponentRegistry()}>...</ViewRegistryContext.Provider>
 */
export function createComponentRegistry(): ViewRegistry {
  const views = new Map<string, ViewEntry>([
    ["dcc.Input", TextInput],
    ["dcc.Textarea", TextArea],
    ["dcc.Dropdown", Dropdown],
    ["dcc.Checklist", Checklist],
    ["dcc.RadioItems", RadioItems],
    ["dcc.Slider", Slider],
    ["dcc.RangeSlider", RangeSlider],
    ["dcc.DatePickerSingle", DatePickerSingle],
    ["dcc.DatePickerRange", DatePickerRange],
    ["dcc.Tabs", Tabs],
    ["dcc.Tab", Tab],
    ["dcc.Store", Store],
    ["dcc.Interval", Interval],
    ["dcc.Location", Location],
    ["dcc.Link", Link],
    ["dcc.Loading", Loading],
    ["dcc.ConfirmDialog", ConfirmDialog],
    ["dcc.Upload", Upload],
    ["dcc.Download", Download],
    ["dcc.Graph", Graph],
    ["dcc.Markdown", { lazy: () => import("./components/markdown.js").then((module) => module.Markdown) }],
    ["DataTable", { lazy: () => import("./components/data-table.js").then((module) => module.DataTable) }],
  ]);
  return {
    resolve(type) {
      if (type.startsWith("html.")) return HtmlElement;
      return views.get(type);
    },
  };
}
