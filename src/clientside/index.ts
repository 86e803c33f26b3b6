/**
 * @module dashbase/clientside
 * What a clientside callback's module imports in the browser: `noUpdate`, `PreventUpdate`, the
 * context type and the value helper types. Nothing here reaches server code, so the module the
 * server bundles for the browser stays small (see docs/apps.md, "Clientside callbacks").
 * @example
 * import { noUpdate, PreventUpdate, type ClientsideContext } from "dashbase/clientside";
 * export function double([n]: [number | undefined], ctx: ClientsideContext): [number] {
 *   if (n === undefined) throw new PreventUpdate();
 *   return [n * 2];
 * }
 */
export { isNoUpdate, noUpdate, PreventUpdate, type NoUpdate } from "../callbacks/prevent-update.js";
export type { ClientsideContext, ClientsideResolvedDependency, ClientsideTriggeredProp } from "./clientside-context.js";
export type {
  InputDependency,
  OutputDependency,
  OutputValueOf,
  OutputValuesOf,
  StateDependency,
  ValueOf,
  ValuesOf,
} from "../callbacks/dependency.js";
