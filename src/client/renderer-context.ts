/**
 * @module
 * The Preact context through which components reach their renderer instance.
 */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Renderer } from "./renderer.js";

/** The renderer of the tree below. */
export const RendererContext = createContext<Renderer | null>(null);

/** The renderer of the calling component. */
export function useRenderer(): Renderer {
  const renderer = useContext(RendererContext);
  if (renderer === null) throw new Error("A dashbase component rendered outside its renderer; mount it through AppRoot.");
  return renderer;
}
