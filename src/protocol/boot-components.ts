/**
 * @module
 * The component packages an app declared, as the boot data lists them (`components`): for each
 * type, the URL of the browser module that draws it and the props it persists. The renderer
 * fetches a module the first time a page shows one of its components, never before.
 */

/** One outside component in the boot data. */
export interface OutsideComponent {
  /** The fingerprinted URL of its browser ES module, under `/_dashbase/components/`. */
  readonly module: string;
  /** The props saved when `persistence` is set and `persisted_props` is not. */
  readonly persisted?: readonly string[];
  /** True when the user types the value: server saves wait for a pause in typing. */
  readonly debounce?: boolean;
}

/** The `components` field of the boot data: type -> its module and persistence. */
export interface BootComponents {
  readonly components?: Readonly<Record<string, OutsideComponent>>;
}
