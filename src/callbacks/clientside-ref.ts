/**
 * @module
 * `clientside(moduleUrl, fn)`: names a function of one of the app's own TypeScript modules as a
 * callback that runs in the browser. The server bundles that module for the browser at start-up
 * (src/server/clientside-bundle.ts); the function value itself gives the callback its types and
 * its export name.
 */
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { DashbaseError } from "../errors/dashbase-error.js";

const refBrand = Symbol.for("dashbase.clientside-ref");

/** A function of a browser module, as `app.clientCallback` takes it. `Fn` carries its type. */
export interface ClientsideRef<Fn = unknown> {
  readonly [refBrand]: true;
  /** The module's file on disk. */
  readonly file: string;
  /** The name the module exports the function under (its `name`). */
  readonly exportName: string;
  /** The function as the server imported it: checked against the module's export at start-up. */
  readonly fn: Fn;
}

/** True for what `clientside()` returns. */
export function isClientsideRef(value: unknown): value is ClientsideRef {
  return typeof value === "object" && value !== null && (value as { [refBrand]?: unknown })[refBrand] === true;
}

function invalid(message: string): DashbaseError {
  return new DashbaseError("DASHBASE_E_APP_INVALID", message);
}

/**
 * Names `fn`, exported under its own name from the module at `module`, as a clientside callback.
 * Import the function into the app file as usual (the server reads its types and name; only the
 * browser runs it), and keep that module free of server code: import from "dashbase/clientside".
 * @throws DashbaseError DASHBASE_E_APP_INVALID when `module` is not a file URL of an existing
 *   file or `fn` is not a named function.
 * @example
 * import { double } from "./clientside.ts";
 * app.clientCallback([Output<number>("twice", "children")], [Input<number>("n", "value", { initial: 0 })],
 *   clientside(new URL("./clientside.ts", import.meta.url), double));
 */
export function clientside<Fn extends (...args: never[]) => unknown>(module: URL | string, fn: Fn): ClientsideRef<Fn> {
  let url: URL;
  try {
    url = new URL(module);
  } catch {
    throw invalid(
      `clientside(module, fn): expected module to be a file URL such as new URL("./clientside.ts", import.meta.url), found ${JSON.stringify(String(module))}`,
    );
  }
  if (url.protocol !== "file:") throw invalid(`clientside(module, fn): expected a file: URL of the app's own module, found ${url.href}`);
  const file = fileURLToPath(url);
  if (!fs.existsSync(file))
    throw invalid(
      `clientside(${JSON.stringify(url.href)}, fn): no such file ${file}; expected the module's real file name (e.g. "./clientside.ts", not ".js")`,
    );
  if (typeof fn !== "function" || fn.name === "")
    throw invalid(
      `clientside(${JSON.stringify(url.href)}, fn): expected a named function exported from that module (export function double(...) {...}), found ${typeof fn === "function" ? "an anonymous function" : typeof fn}`,
    );
  return Object.freeze({ [refBrand]: true as const, file, exportName: fn.name, fn });
}
