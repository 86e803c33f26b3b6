/**
 * @module
 * `dcc.Upload`: a drop zone that is also a keyboard-reachable button; chosen files arrive as
 * data URLs (`contents`) with `filename` and `last_modified`, arrays when `multiple`.
 */
import type { ComponentChild } from "preact";
import { useRef, useState } from "preact/hooks";
import { numberProp, rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { useRenderChildren, useRenderer } from "../../client/renderer-context.js";
import type { UploadProps } from "./upload.js";

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => resolve(String(reader.result)));
    reader.addEventListener("error", () => reject(reader.error ?? new Error(`Could not read ${file.name}`)));
    reader.readAsDataURL(file);
  });
}

/** `dcc.Upload`. */
export default function UploadView(view: ViewProps<UploadProps>): ComponentChild {
  const renderer = useRenderer();
  const renderChildren = useRenderChildren();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const multiple = view.props.multiple === true;
  const disabled = view.props.disabled === true;
  const maxSize = numberProp(view.props, "max_size") ?? -1;

  const take = async (list: FileList | null): Promise<void> => {
    const files = [...(list ?? [])];
    if (files.length === 0 || disabled) return;
    const chosen = multiple ? files : files.slice(0, 1);
    const tooBig = chosen.filter((file) => maxSize >= 0 && file.size > maxSize);
    if (tooBig.length > 0) {
      renderer.notices.show({ message: `${tooBig.map((f) => f.name).join(", ")}: larger than the ${maxSize} bytes this upload accepts.` });
      return;
    }
    const contents = await Promise.all(chosen.map(readAsDataUrl));
    const names = chosen.map((file) => file.name);
    const modified = chosen.map((file) => file.lastModified / 1000);
    view.setProps(
      multiple
        ? { contents, filename: names, last_modified: modified }
        : { contents: contents[0] ?? null, filename: names[0] ?? null, last_modified: modified[0] ?? null },
    );
  };
  const open = (): void => {
    if (!disabled) input.current?.click();
  };
  return (
    <div
      {...rootAttributes(view, `dashbase-upload${dragging ? " is-dragging" : ""}${disabled ? " is-disabled" : ""}`)}
      role="button"
      tabIndex={disabled ? -1 : 0}
      aria-disabled={disabled}
      aria-label={stringProp(view.props, "aria-label") ?? "Upload a file: drop it here or press Enter to choose"}
      onClick={open}
      onKeyDown={(event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open();
        }
      }}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        void take(event.dataTransfer?.files ?? null);
      }}
    >
      {renderChildren(view.props.children ?? "Drag and drop or click to choose a file")}
      <input
        ref={input}
        type="file"
        hidden
        tabIndex={-1}
        accept={stringProp(view.props, "accept")}
        multiple={multiple}
        onClick={(event) => event.stopPropagation()}
        onChange={(event) => {
          const target = event.currentTarget;
          void take(target.files).finally(() => {
            target.value = "";
          });
        }}
      />
    </div>
  );
}
