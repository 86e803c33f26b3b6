/**
 * @module
 * Kept only so files owned by the component work (persisted-props.ts, components/tabs.tsx) still
 * compile while they move: the wire protocol's shapes live in src/protocol, which new code
 * imports directly. Delete this file once nothing imports it.
 */
export { isComponentNode, type ComponentNode } from "../protocol/layout-tree.js";
