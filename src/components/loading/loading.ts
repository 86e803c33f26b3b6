/**
 * @module
 * `dcc.Loading`: its props, definition and factory.
 */
import { createNode, isComponentNode, type ComponentNode, type Children } from "../../layout/component-node.js";
import { withDefinition } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps } from "../base-props.js";

export interface LoadingProps extends BaseProps {
  children?: Children;
  type?: "default" | "circle" | "dot";
}

export type LoadingNode = ComponentNode<"dcc.Loading", LoadingProps>;

/**
 * Shows a spinner over its children while a callback computes one of their props.
 */
export const loading = defineComponent<"dcc.Loading", LoadingProps>({
  type: "dcc.Loading",
  children: "nodes",
  defaults: { type: "default" },
});

function isChildren(value: unknown): value is Children {
  return typeof value === "string" || typeof value === "number" || Array.isArray(value) || isComponentNode(value);
}

/** @example dcc.Loading([dcc.Graph({ id: "chart" })], { type: "circle" }) */
export const Loading = /* @__PURE__ */ withDefinition(
  loading,
  (children: Children | LoadingProps, props: Omit<LoadingProps, "children"> = {}): LoadingNode =>
    createNode(loading.type, isChildren(children) ? { ...props, children } : (children ?? {})),
);
