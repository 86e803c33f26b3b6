/**
 * @module
 * The browser half of the clientside example: plain typed functions the server bundles for the
 * page. They import only "dashbase/clientside" (noUpdate, PreventUpdate, the context type).
 */
import { noUpdate, PreventUpdate, type ClientsideContext, type NoUpdate } from "dashbase/clientside";

/** Step 1 of the chain (browser): the number doubled. */
export function double([n]: [number], _ctx: ClientsideContext): [number] {
  return [n * 2];
}

/** Step 3 of the chain (browser): the server's result, shown with the step that fired it. */
export function show([total]: [number | undefined], ctx: ClientsideContext): [string, string] {
  return [`Result: ${total ?? "none"}`, `fired by ${JSON.stringify(ctx.triggeredId)}`];
}

/** Even numbers only: an odd one leaves the output as it is. */
export function evenOnly([n]: [number]): [string | NoUpdate] {
  return [n % 2 === 0 ? `Last even: ${n}` : noUpdate];
}

/** Echoes the text, with its State prefix; nothing at all while the box is empty. */
export function echo([text]: [string | undefined], [prefix]: [string | undefined], _ctx: ClientsideContext): [string] {
  if (text === undefined || text === "") throw new PreventUpdate();
  return [`${prefix ?? ""}${text}`];
}

/** Which of the two buttons was pressed, from `ctx.triggered`. */
export function which(_clicks: [number | undefined, number | undefined], ctx: ClientsideContext): [string] {
  return [ctx.triggered.length === 0 ? "none yet" : `pressed ${ctx.triggered.map((prop) => prop.propId).join(", ")}`];
}

/** Fails on purpose, to show how a clientside error looks. */
export function explode([clicks]: [number | undefined]): [string] {
  if (clicks !== undefined) throw new Error(`boom after ${clicks} click(s)`);
  return ["not yet"];
}
