/**
 * @module
 * A choice in a Dropdown, Checklist or RadioItems: a bare value or `{ label, value }`.
 */

/** The value of a choice. */
export type OptionValue = string | number | boolean;

/** A bare value, or `{ label, value }` with an optional `disabled` and `title`. */
export type Option<V extends OptionValue = OptionValue> = V | { label: string; value: V; disabled?: boolean; title?: string };
