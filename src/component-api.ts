/**
 * @module
 * `dashbase/components`: what a component package needs to add components to dashbase apps.
 * A package ships a server-side module (its definitions and factories, DOM-free) and a browser ES
 * module (its Preact views, with `preact` left as bare imports: the page's import map hands them
 * the renderer's own Preact). An app declares the package with `createApp({ components: [...] })`.
 * See docs/component-packages.md.
 */
export {
  defineComponent,
  persistedPropsFor,
  persistenceWhere,
  type ComponentDefinition,
  type ChildrenRule,
  type PersistenceRule,
  type PersistenceWhere,
  type PropsOf,
  type ViewProps,
  type ViewPropsOf,
} from "./protocol/component-definition.js";
export { componentFactory, withDefinition, type ComponentFactory, type DefinedFactory } from "./layout/component-factory.js";
export {
  createNode,
  isComponentNode,
  type ComponentNode,
  type ComponentId,
  type Children,
  type Child,
  type Style,
  type JsonValue,
} from "./layout/component-node.js";
export type { BaseProps, PersistenceProps } from "./components/base-props.js";
