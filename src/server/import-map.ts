/**
 * @module
 * The page's import map: bare `preact`, `preact/hooks`, `preact/jsx-runtime` and `preact/compat`
 * (and `react`, `react-dom`, `react/jsx-runtime` mapped onto Preact's compat layer) resolve to
 * the renderer's fingerprinted vendor modules, so the renderer and every component package's
 * browser module share one Preact: one set of hooks, one context tree. Inline, so the page's
 * Content-Security-Policy allows it by the hash of its exact text.
 */
import { createHash } from "node:crypto";

/** The import map a page carries, as JSON text, with the CSP source that allows it. */
export interface ImportMap {
  /** The JSON text inside `<script type="importmap">`. */
  readonly json: string;
  /** `'sha256-…'`, the CSP script source that allows exactly this text. */
  readonly cspSource: string;
  /** The URLs of the modules the renderer imports at once (worth a modulepreload). */
  readonly preload: readonly string[];
}

const vendorFiles: ReadonlyArray<readonly [specifier: string, manifestName: string]> = [
  ["preact", "preact.js"],
  ["preact/hooks", "preact-hooks.js"],
  ["preact/jsx-runtime", "preact-jsx-runtime.js"],
  ["preact/jsx-dev-runtime", "preact-jsx-runtime.js"],
  ["preact/compat", "preact-compat.js"],
  ["react", "preact-compat.js"],
  ["react-dom", "preact-compat.js"],
  ["react-dom/client", "preact-compat.js"],
  ["react/jsx-runtime", "preact-jsx-runtime.js"],
  ["react/jsx-dev-runtime", "preact-jsx-runtime.js"],
];

/** What `<script type="importmap">` may hold: `<` escaped, so the text cannot close its element. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * The import map of a built renderer, from its manifest.
 * @example
 * const map = importMapOf("/_dashbase/static/", manifest);
 * `<script type="importmap">${map.json}</script>`;
 */
export function importMapOf(staticBase: string, manifest: Readonly<Record<string, string>>): ImportMap {
  const imports: Record<string, string> = {};
  for (const [specifier, name] of vendorFiles) {
    const file = manifest[name];
    if (file !== undefined) imports[specifier] = `${staticBase}${file}`;
  }
  const json = scriptSafeJson({ imports });
  const cspSource = `'sha256-${createHash("sha256").update(json, "utf8").digest("base64")}'`;
  // One file may hold several of these (the build puts the three in one module): preloaded once.
  const preload = [
    ...new Set(["preact", "preact/hooks", "preact/jsx-runtime"].map((specifier) => imports[specifier]).filter((url) => url !== undefined)),
  ];
  return Object.freeze({ json, cspSource, preload: Object.freeze(preload) });
}

/**
 * A Content-Security-Policy that also allows the import map: its hash joins `script-src` (or
 * `default-src` when there is no `script-src`). A policy that allows inline scripts already is
 * left as it is (a hash beside 'unsafe-inline' would switch 'unsafe-inline' off).
 * @example
 * allowImportMap("default-src 'self'; script-src 'self'", map); // "default-src 'self'; script-src 'self' 'sha256-…'"
 */
export function allowImportMap(policy: string, map: ImportMap): string {
  const directives = policy
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const find = (name: string): number => directives.findIndex((directive) => directive.split(/\s+/)[0]!.toLowerCase() === name);
  const index = find("script-src") >= 0 ? find("script-src") : find("default-src");
  if (index < 0 || /'unsafe-inline'/.test(directives[index]!)) return policy;
  directives[index] = `${directives[index]} ${map.cspSource}`;
  return directives.join("; ");
}
