/**
 * The flagship's save callback as a request names it (the Save page: a name, then Save), for the
 * tests and benches that drive it over the wire.
 */

/** The outputs, inputs and state of one save of the view under `name`. */
export function flagshipSave(name: string) {
  return {
    outputs: [
      { id: "user-name-error", property: "children" },
      { id: "save-result", property: "children" },
      { id: "save-result", property: "className" },
    ],
    inputs: [
      { id: "save-button", property: "n_clicks", value: 1 },
      { id: "user-name", property: "n_submit", value: undefined },
    ],
    state: [
      { id: "user-name", property: "value", value: name },
      { id: "linked-view", property: "data", value: null },
    ],
  };
}
