/**
 * @module
 * `dcc.Dropdown`: an accessible combobox (ARIA 1.2 pattern) with single or multiple choice,
 * type-to-search and a clear control. Keyboard: arrows move, Enter picks, Escape closes,
 * Backspace on an empty search removes the last chip.
 */
import type { ComponentChild } from "preact";
import { useId, useRef, useState } from "preact/hooks";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { filterOptions, normalizeOptions, valuesOf, type NormalizedOption, type OptionValue } from "../../client/options.js";
import type { DropdownProps } from "./dropdown.js";

/** `dcc.Dropdown`. */
export default function DropdownView(view: ViewProps<DropdownProps>): ComponentChild {
  const { props } = view;
  const options = normalizeOptions(props.options);
  const multi = props.multi === true;
  const searchable = props.searchable !== false;
  const clearable = props.clearable !== false;
  const disabled = props.disabled === true;
  const selected = valuesOf(props.value);
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const [active, setActive] = useState(0);
  const root = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = `${useId()}-listbox`;
  const shown = filterOptions(options, search);
  const labelOf = (value: OptionValue): string => options.find((o) => o.value === value)?.label ?? String(value);
  const singleLabel = !multi && selected[0] !== undefined ? labelOf(selected[0]) : "";

  const commit = (values: OptionValue[]): void => {
    view.setProps({ value: multi ? values : (values[0] ?? null) });
  };
  const choose = (option: NormalizedOption | undefined): void => {
    if (option === undefined || option.disabled) return;
    if (multi) {
      commit(selected.includes(option.value) ? selected.filter((v) => v !== option.value) : [...selected, option.value]);
      setSearch("");
    } else {
      commit([option.value]);
      setOpen(false);
      setSearch("");
    }
  };
  const openList = (): void => {
    if (disabled) return;
    setOpen(true);
    const current = shown.findIndex((o) => selected.includes(o.value));
    setActive(current >= 0 ? current : 0);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) return openList();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((index) => Math.max(0, Math.min(shown.length - 1, index + step)));
    } else if (event.key === "Enter") {
      if (open) {
        event.preventDefault();
        choose(shown[active]);
      } else openList();
    } else if (event.key === "Escape") {
      if (open) event.preventDefault();
      setOpen(false);
      setSearch("");
    } else if (event.key === "Backspace" && multi && search === "" && selected.length > 0) {
      commit(selected.slice(0, -1));
    } else if (event.key === " " && !searchable) {
      event.preventDefault();
      if (open) choose(shown[active]);
      else openList();
    }
  };
  const onFocusOut = (event: FocusEvent): void => {
    const next = event.relatedTarget as Node | null;
    if (next === null || !root.current?.contains(next)) {
      setOpen(false);
      setSearch("");
    }
  };
  const activeId = open && shown[active] !== undefined ? `${listId}-${active}` : undefined;
  const classes = ["dashbase-dropdown", open ? "is-open" : "", multi ? "is-multi" : "", disabled ? "is-disabled" : ""]
    .filter(Boolean)
    .join(" ");

  return (
    <div {...rootAttributes(view, classes)} ref={root} onFocusOut={onFocusOut}>
      <div
        class="dashbase-dropdown-control"
        onMouseDown={(event) => {
          if (event.target === input.current) return;
          event.preventDefault();
          input.current?.focus();
          if (open) setOpen(false);
          else openList();
        }}
      >
        {multi &&
          selected.map((value) => (
            <span class="dashbase-chip" key={String(value)}>
              {labelOf(value)}
              <button
                type="button"
                class="dashbase-chip-remove"
                aria-label={`Remove ${labelOf(value)}`}
                disabled={disabled}
                onMouseDown={(event) => event.stopPropagation()}
                onClick={() => commit(selected.filter((v) => v !== value))}
              >
                ×
              </button>
            </span>
          ))}
        <input
          ref={input}
          class="dashbase-dropdown-input"
          role="combobox"
          aria-label={stringProp(props, "aria-label") ?? stringProp(props, "placeholder")}
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete={searchable ? "list" : "none"}
          aria-activedescendant={activeId}
          readOnly={!searchable}
          disabled={disabled}
          value={open ? search : singleLabel}
          placeholder={
            multi && selected.length > 0 ? "" : open && singleLabel !== "" ? singleLabel : (stringProp(props, "placeholder") ?? "Select...")
          }
          onInput={(event) => {
            setSearch(event.currentTarget.value);
            setActive(0);
            setOpen(true);
          }}
          onKeyDown={onKeyDown}
          onClick={() => {
            if (!open) openList();
          }}
        />
        {clearable && selected.length > 0 && !disabled && (
          <button
            type="button"
            class="dashbase-dropdown-clear"
            aria-label="Clear selection"
            onMouseDown={(event) => event.stopPropagation()}
            onClick={() => commit([])}
          >
            ×
          </button>
        )}
        <span class="dashbase-dropdown-arrow" aria-hidden="true" />
      </div>
      {open && (
        <ul class="dashbase-dropdown-menu" role="listbox" id={listId} aria-multiselectable={multi}>
          {shown.map((option, index) => (
            <li
              key={String(option.value)}
              id={`${listId}-${index}`}
              role="option"
              class={index === active ? "is-active" : undefined}
              aria-selected={selected.includes(option.value)}
              aria-disabled={option.disabled}
              title={option.title}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => choose(option)}
            >
              {option.label}
            </li>
          ))}
          {shown.length === 0 && (
            <li class="dashbase-dropdown-empty" aria-disabled="true">
              No matches
            </li>
          )}
        </ul>
      )}
    </div>
  );
}
