/**
 * @module
 * The virtual module "dashbase:component-views", generated at build time by
 * scripts/component-views-plugin.mjs from the folders of src/components: each folder's
 * definitions, with its view module (eager) or a loader of it (a lazy chunk).
 */
declare module "dashbase:component-views" {
  import type { ComponentDefinition } from "../protocol/component-definition.js";
  import type { ViewModule } from "./component-view.js";

  /** One folder of src/components. */
  export interface BuiltInComponent {
    readonly definitions: readonly ComponentDefinition[];
    readonly module?: ViewModule;
    readonly load?: () => Promise<ViewModule>;
  }

  const components: readonly BuiltInComponent[];
  export default components;
}
