/**
 * @module
 * `dcc.Store`: its props, definition and factory.
 */
import type { ComponentNode, JsonValue } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent, persistenceWhere } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

export interface StoreProps extends BaseProps, PersistenceProps {
  data?: JsonValue;
  /**
   * Where `data` lives: "memory" (lost on reload), "local"/"session" (the browser's storage),
   * or "server" (the per-user store: the same data on every browser of the session or login).
   */
  storage_type?: "memory" | "local" | "session" | "server";
}

export type StoreNode = ComponentNode<"dcc.Store", StoreProps>;

/**
 * Keeps JSON `data` without drawing anything: in memory, in the browser's storage, or in the
 * per-user store on the server (`storage_type`).
 */
export const store = defineComponent<"dcc.Store", StoreProps>({
  type: "dcc.Store",
  children: "none",
  defaults: { storage_type: "memory" },
  persistence: { props: ["data"], where: (props) => (props.storage_type === "server" ? "server" : persistenceWhere(undefined, props)) },
});

/** @example dcc.Store({ id: "prefs", storage_type: "server", data: {} }) */
export const Store = /* @__PURE__ */ componentFactory(store);
