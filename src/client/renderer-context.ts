/**
 * @module
 * The Preact contexts through which components reach their renderer instance, and the function
 * that draws layout children.
 */
import { createContext, type ComponentChildren } from "preact";
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

/**
 * Draws layout children (render-node.tsx's `renderChildren`, given by the app root). Lazy views
 * take it from here rather than importing render-node, which would move the renderer's core out
 * of main.js into a shared chunk and cost every page a request's worth of compression.
 */
export const ChildrenContext = createContext<(children: unknown) => ComponentChildren>(() => null);

/** The function that draws layout children, for a lazy view. */
export function useRenderChildren(): (children: unknown) => ComponentChildren {
  return useContext(ChildrenContext);
}
