/**
 * @module
 * `dcc.Rating`: a row of stars for a score from 0 to `max`. Its props, definition and factory.
 */
import type { ComponentNode } from "../../layout/component-node.js";
import { componentFactory } from "../../layout/component-factory.js";
import { defineComponent } from "../../protocol/component-definition.js";
import type { BaseProps, PersistenceProps } from "../base-props.js";

export interface RatingProps extends BaseProps, PersistenceProps {
  /** The number of stars chosen, 0 (none) to `max`. */
  value?: number;
  /** How many stars (1 to 10). */
  max?: number;
  /** Shows the value and ignores input. */
  readOnly?: boolean;
  disabled?: boolean;
  /** The accessible name of the star group (default "Rating"). */
  "aria-label"?: string;
}

export type RatingNode = ComponentNode<"dcc.Rating", RatingProps>;

/**
 * Stars the user picks a score with: a click picks a star (the chosen one again clears it), arrow
 * keys move by one, Home clears, End picks the last. `value` persists with `persistence`.
 */
export const rating = defineComponent<"dcc.Rating", RatingProps>({
  type: "dcc.Rating",
  children: "none",
  defaults: { value: 0, max: 5 },
  persistence: { props: ["value"] },
  view: "lazy",
});

/** @example dcc.Rating({ id: "stars", value: 3, persistence: "server" }) */
export const Rating = /* @__PURE__ */ componentFactory(rating);
