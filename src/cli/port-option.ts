/**
 * @module
 * The `--port` option of `start`, `dev` and `db serve`, checked before anything is opened.
 */
import { DashbaseError } from "../errors/dashbase-error.js";

/**
 * The port number `value` names (0 picks a free port), or undefined when the option was not given.
 * @throws DashbaseError DASHBASE_E_CLI_USAGE for anything but a whole number from 0 to 65535.
 * @example
 * parsePortOption("8080") // 8080
 */
export function parsePortOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (value.trim() === "" || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new DashbaseError("DASHBASE_E_CLI_USAGE", `--port: expected a port number from 0 to 65535, found "${value}"`);
  }
  return port;
}
