/**
 * @module
 * What `dcc.Checklist` and `dcc.RadioItems` share in the browser: a labelled group of native
 * checkboxes or radio buttons over normalized options.
 */
import type { ComponentChild } from "preact";
import { useId } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { normalizeOptions, valuesOf } from "../../client/options.js";

/** The group; `kind` picks checkboxes (value: the checked options, in order) or radios (value: the one chosen). */
export function ChoiceList(
  view: ViewProps<{ options?: unknown; value?: unknown; inline?: boolean; disabled?: boolean }>,
  kind: "checkbox" | "radio",
): ComponentChild {
  const options = normalizeOptions(view.props.options);
  const selected = valuesOf(view.props.value);
  const name = useId();
  const inline = view.props.inline === true;
  const base = kind === "checkbox" ? "dashbase-checklist" : "dashbase-radioitems";
  return (
    <div
      {...rootAttributes(view, `${base} dashbase-choices${inline ? " is-inline" : ""}`)}
      role={kind === "checkbox" ? "group" : "radiogroup"}
      aria-label={stringProp(view.props, "aria-label")}
    >
      {options.map((option) => (
        <label class="dashbase-choice" key={String(option.value)} title={option.title}>
          <input
            type={kind}
            name={name}
            checked={selected.includes(option.value)}
            disabled={option.disabled || view.props.disabled === true}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              if (kind === "radio") view.setProps({ value: option.value });
              else {
                const rest = selected.filter((v) => v !== option.value);
                // keep the options' order, as users read them
                const next = checked ? options.map((o) => o.value).filter((v) => v === option.value || rest.includes(v)) : rest;
                view.setProps({ value: next });
              }
            }}
          />
          <span>{option.label}</span>
        </label>
      ))}
    </div>
  );
}
