/**
 * @module
 * Loads plotly.js on demand with a script tag, once per bundle: only pages with a Graph pay for
 * it, and the basic bundle is enough unless a figure needs the full one.
 */
import type { PlotlyBundle } from "./plotly-bundle.js";

/** The part of plotly.js the Graph component uses. */
export interface PlotlyApi {
  react(element: HTMLElement, data: unknown[], layout: Record<string, unknown>, config: Record<string, unknown>): Promise<unknown>;
  purge(element: HTMLElement): void;
  Plots: { resize(element: HTMLElement): unknown };
}

/** A Graph's div once plotly has drawn into it (plotly adds `on` and `removeAllListeners`). */
export interface PlotlyElement extends HTMLDivElement {
  on?(event: string, handler: (data: unknown) => void): void;
  removeAllListeners?(event: string): void;
}

function currentPlotly(): PlotlyApi | undefined {
  return (window as unknown as { Plotly?: PlotlyApi }).Plotly;
}

/**
 * Fetches plotly bundles from the static base, using the manifest's fingerprinted names.
 *
 * @example
 * const Plotly = await loader.load("plotly-basic.js");
 */
export class PlotlyLoader {
  readonly #loading = new Map<PlotlyBundle, Promise<PlotlyApi>>();

  constructor(
    private readonly staticBase: string,
    private readonly manifest: Readonly<Record<string, string>>,
  ) {}

  /** Loads `bundle` (or reuses the full bundle, which covers everything the basic one does). */
  load(bundle: PlotlyBundle): Promise<PlotlyApi> {
    const full = this.#loading.get("plotly-full.js");
    if (full !== undefined) return full;
    const existing = this.#loading.get(bundle);
    if (existing !== undefined) return existing;
    const promise = this.#inject(bundle);
    this.#loading.set(bundle, promise);
    promise.catch(() => this.#loading.delete(bundle));
    return promise;
  }

  #inject(bundle: PlotlyBundle): Promise<PlotlyApi> {
    const file = this.manifest[bundle];
    if (file === undefined) return Promise.reject(new Error(`The client manifest names no ${bundle}; rebuild with "npm run build".`));
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = `${this.staticBase}${file}`;
      script.async = true;
      script.addEventListener("load", () => {
        const api = currentPlotly();
        if (api === undefined) reject(new Error(`${bundle} loaded but did not define Plotly.`));
        else resolve(api);
      });
      script.addEventListener("error", () => reject(new Error(`Could not load ${script.src}.`)));
      document.head.appendChild(script);
    });
  }
}
