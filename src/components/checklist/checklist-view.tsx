/**
 * @module
 * The browser view of `dcc.Checklist`: a group of checkboxes.
 */
import type { ComponentChild } from "preact";
import type { ViewProps } from "../../client/component-view.js";
import { ChoiceList } from "./choice-list.js";
import type { ChecklistProps } from "./checklist.js";

/** `dcc.Checklist`. */
export default function ChecklistView(view: ViewProps<ChecklistProps>): ComponentChild {
  return ChoiceList(view, "checkbox");
}
