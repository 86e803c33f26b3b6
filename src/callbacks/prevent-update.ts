/**
 * @module
 * Saying "nothing changes": throw `PreventUpdate` to leave every output alone (the server answers
 * 204), or return `noUpdate` in place of one output's value to leave only that output alone.
 */

/**
 * Thrown by a handler to leave every output unchanged.
 * @example
 * if (!clicks) throw new PreventUpdate();
 */
export class PreventUpdate extends Error {
  constructor() {
    super("the callback chose not to update its outputs");
    this.name = "PreventUpdate";
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
export const noUpdate: NoUpdate = Object.freeze({ __dashbaseNoUpdate: true }) as unknown as NoUpdate;

/** True when `value` is `noUpdate`. */
export function isNoUpdate(value: unknown): value is NoUpdate {
  return value === noUpdate;
}
