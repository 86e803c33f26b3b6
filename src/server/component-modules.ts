/**
 * @module
 * The browser modules of the component packages an app declares: each module's folder is served
 * under `/_dashbase/components/<content hash>/`, fingerprinted and cached like the renderer's own
 * files (a changed module gets a new URL), and the boot data lists, per component type, its
 * module URL and the props it persists. The renderer imports a module only on a page that shows
 * one of its components.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DashbaseError } from "../errors/dashbase-error.js";
import type { OutsideComponent } from "../protocol/boot-components.js";
import type { ComponentDefinition } from "../protocol/component-definition.js";
import { StaticFolder } from "./static-files.js";

/** Where component modules are served from. */
export const componentsBase = "/_dashbase/components/";

/** The served modules of an app's component packages. */
export interface ComponentModules {
  /** Content hash -> the folder of the module (its chunks, if any, are served beside it). */
  readonly folders: ReadonlyMap<string, StaticFolder>;
  /** The boot data's `components`: type -> module URL and persistence. */
  readonly boot: Readonly<Record<string, OutsideComponent>>;
}

async function readModule(definition: ComponentDefinition, file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw new DashbaseError(
      "DASHBASE_E_COMPONENT_MODULE",
      `component "${definition.type}": its browser module ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); expected the built file (run the package's build)`,
      { cause: error },
    );
  }
}

/**
 * Finds, hashes and lists the browser modules of `definitions` (those whose `view` is a file URL).
 * @throws DashbaseError DASHBASE_E_COMPONENT_MODULE when a module is missing, or `view` is not a file URL.
 * @example
 * const modules = await loadComponentModules([starRating]);
 * modules.boot["starRating.StarRating"].module; // "/_dashbase/components/3f2a…/star-rating-view.js"
 */
export async function loadComponentModules(definitions: readonly ComponentDefinition[]): Promise<ComponentModules> {
  const folders = new Map<string, StaticFolder>();
  const boot: Record<string, OutsideComponent> = {};
  for (const definition of definitions) {
    const view = definition.view;
    if (!(view instanceof URL)) continue;
    if (view.protocol !== "file:") {
      throw new DashbaseError(
        "DASHBASE_E_COMPONENT_MODULE",
        `component "${definition.type}": expected view to be a file: URL of the built browser module, found ${view.href}`,
      );
    }
    const file = fileURLToPath(view);
    const hash = createHash("sha256")
      .update(await readModule(definition, file))
      .digest("hex")
      .slice(0, 16);
    folders.set(hash, new StaticFolder(path.dirname(file)));
    const persistence = definition.persistence;
    boot[definition.type] = {
      module: `${componentsBase}${hash}/${encodeURIComponent(path.basename(file))}`,
      ...(persistence === undefined ? {} : { persisted: persistence.props }),
      ...(persistence?.debounce === true ? { debounce: true } : {}),
    };
  }
  return Object.freeze({ folders, boot: Object.freeze(boot) });
}
