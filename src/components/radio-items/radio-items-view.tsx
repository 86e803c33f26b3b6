/**
 * @module
 * The browser view of `dcc.RadioItems`: a radio group.
 */
import type { ComponentChild } from "preact";
import type { ViewProps } from "../../client/component-view.js";
import { ChoiceList } from "../checklist/choice-list.js";
import type { RadioItemsProps } from "./radio-items.js";

/** `dcc.RadioItems`. */
export default function RadioItemsView(view: ViewProps<RadioItemsProps>): ComponentChild {
  return ChoiceList(view, "radio");
}
