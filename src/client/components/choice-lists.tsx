/**
 * @module
 * `dcc.Checklist` and `dcc.RadioItems`: native checkboxes and radios in a labelled group, so the
 * browser's own keyboard handling and accessibility apply.
 */
import type { ComponentChild } from "preact";
import { useId } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../component-view.js";
import { normalizeOptions, valuesOf } from "../options.js";

function ChoiceList(view: ViewProps, kind: "checkbox" | "radio"): ComponentChild {
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

/** `dcc.Checklist`. */
export function Checklist(view: ViewProps): ComponentChild {
  return ChoiceList(view, "checkbox");
}

/** `dcc.RadioItems`. */
export function RadioItems(view: ViewProps): ComponentChild {
  return ChoiceList(view, "radio");
}
