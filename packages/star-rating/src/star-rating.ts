/**
 * @module
 * `star-rating.StarRating`: a row of stars to pick a value from 0 to `max`. Its props, definition
 * and factory, for the app's server side (DOM-free). The view is the browser module
 * `dist/browser/star-rating-view.js`, which the definition names and the app serves.
 */
import { componentFactory, defineComponent, type BaseProps, type ComponentNode, type PersistenceProps } from "dashbase/components";

export interface StarRatingProps extends BaseProps, PersistenceProps {
  /** The number of stars chosen, 0 (none) to `max`. */
  value?: number;
  /** How many stars (default 5, at most 10). */
  max?: number;
  /** Shows the value; the user cannot change it. */
  readOnly?: boolean;
  /** Greyed out and not focusable. */
  disabled?: boolean;
  /** The accessible name of the group (default "Rating"). */
  "aria-label"?: string;
}

export type StarRatingNode = ComponentNode<"star-rating.StarRating", StarRatingProps>;

/** A row of stars, a radio group for the keyboard (arrow keys, Home, End) and screen readers. */
export const starRating = defineComponent<"star-rating.StarRating", StarRatingProps>({
  type: "star-rating.StarRating",
  description: "A row of stars to pick a value from 0 to `max`; a radio group for the keyboard (arrow keys, Home, End) and screen readers.",
  children: "none",
  defaults: { max: 5, value: 0 },
  persistence: { props: ["value"] },
  view: new URL("./browser/star-rating-view.js", import.meta.url),
});

/**
 * A star rating.
 * @example
 * StarRating({ id: "stars", value: 3, persistence: "server" });
 */
export const StarRating = componentFactory(starRating);
