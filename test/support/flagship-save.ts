/**
 * The flagship's save callback as a request names it (the Save page: a name, then Save), for the
 * tests and benches that drive it over the wire.
 */

/**
 * The outputs, inputs and state of one save of the view under `name`. `shownView` is the Save
 * page's `shown-view` store as the browser sends it back (see shownViewIn); without it the server
 * works the view out again, as for a request from a page that does not carry it.
 */
export function flagshipSave(name: string, shownView: unknown = null) {
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
      { id: "shown-view", property: "data", value: shownView },
    ],
  };
}

/** The `shown-view` store's data in a page's layout (the boot data's `layout`), or null. */
export function shownViewIn(layout: unknown): unknown {
  if (Array.isArray(layout)) {
    for (const child of layout) {
      const found = shownViewIn(child);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof layout !== "object" || layout === null) return null;
  const props = (layout as { props?: Record<string, unknown> }).props;
  if (props === undefined) return null;
  if (props["id"] === "shown-view") return props["data"] ?? null;
  return shownViewIn(props["children"] ?? null);
}
