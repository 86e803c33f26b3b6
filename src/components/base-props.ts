/**
 * @module
 * The props most components share: `id`, `className`, `style`, and the persistence pair
 * (`persistence`, `persisted_props`). Prop names follow Dash's, so Dash users recognise them.
 */
import type { ComponentId, Style } from "../layout/component-node.js";

/** Props every dcc component takes. */
export interface BaseProps {
  id?: ComponentId;
  className?: string;
  style?: Style;
}

/**
 * Persistence of a user's value. `"server"` saves it in the per-user store and replays it into later
 * layouts, on any browser carrying the same session or login; `"local"`/`"session"` keep it in the browser;
 * `"memory"` keeps it while the page runs (across client-side navigation, not across a reload).
 */
export interface PersistenceProps {
  persistence?: "server" | "local" | "session" | "memory" | boolean;
  /** Which props persist; each component has a sensible default (usually `value`). */
  persisted_props?: readonly string[];
}
