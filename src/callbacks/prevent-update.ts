/**
 * @module
 * Saying "nothing changes": throw `PreventUpdate` to leave every output alone (the server answers
 * 204), or return `noUpdate` in place of one output's value to leave only that output alone.
 */

const preventBrand = Symbol.for("dashbase.prevent-update");
const noUpdateKey = Symbol.for("dashbase.no-update");

/**
 * Thrown by a handler to leave every output unchanged.
 * @example
 * if (!clicks) throw new PreventUpdate();
 */
export class PreventUpdate extends Error {
  /** Recognised by brand, so a handler built against another copy of dashbase is still understood. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [preventBrand]?: unknown })[preventBrand] === true;
  }

  constructor() {
    super("the callback chose not to update its outputs");
    this.name = "PreventUpdate";
    Object.defineProperty(this, preventBrand, { value: true });
  }
}

declare const noUpdateBrand: unique symbol;
/** The type of `noUpdate`. */
export type NoUpdate = { readonly [noUpdateBrand]: true };

/**
 * Returned in place of an output's value to leave that output unchanged.
 * @example
 * return [figure, changed ? "Saved" : noUpdate];
 */
export const noUpdate: NoUpdate = Object.freeze({ [noUpdateKey]: true }) as unknown as NoUpdate;

/** True when `value` is `noUpdate` (of this or any other copy of dashbase). */
export function isNoUpdate(value: unknown): value is NoUpdate {
  return typeof value === "object" && value !== null && (value as { [noUpdateKey]?: unknown })[noUpdateKey] === true;
}
