/**
 * @module
 * Page path templates: `/country/:code` matches `/country/fr` with `{ code: "fr" }`;
 * a trailing `*` matches the rest of the path (as `params["*"]`).
 */

/** The params of a template, typed from its text: `"/country/:code"` -> `{ code: string }`. */
export type PathParams<Path extends string> = string extends Path
  ? Record<string, string>
  : Path extends `${string}:${infer Param}/${infer Rest}`
    ? { [K in Param]: string } & PathParams<`/${Rest}`>
    : Path extends `${string}:${infer Param}`
      ? { [K in Param]: string }
      : Path extends `${string}*`
        ? { "*": string }
        : Record<never, string>;

export interface PathTemplate {
  readonly template: string;
  /** The params when `pathname` fits, else undefined. */
  match(pathname: string): Record<string, string> | undefined;
  /** Static templates outrank ones with params, which outrank `*`. */
  readonly rank: number;
  /** The names of its params, in order (`*` for a trailing star). */
  readonly params: readonly string[];
  /** The path for these params, each segment URL-encoded. */
  build(params: Readonly<Record<string, string>>): string;
}

function normalize(pathname: string): string {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return trimmed === "" ? "/" : trimmed;
}

/**
 * Compiles a template; refuses templates that do not start with `/` or repeat a param.
 * @example
 * compilePathTemplate("/country/:code").match("/country/fr"); // { code: "fr" }
 */
export function compilePathTemplate(template: string): PathTemplate {
  if (typeof template !== "string" || !template.startsWith("/")) {
    throw new TypeError(`app.page(path): expected a path starting with "/", such as "/country/:code", found ${JSON.stringify(template)}`);
  }
  const segments = normalize(template).split("/").slice(1);
  const names = new Set<string>();
  let rank = 0;
  segments.forEach((segment, index) => {
    if (segment.startsWith(":")) {
      const name = segment.slice(1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
        throw new TypeError(`app.page("${template}"): param "${segment}" must be a name such as :code`);
      if (names.has(name)) throw new TypeError(`app.page("${template}"): param :${name} appears twice`);
      names.add(name);
      rank += 1;
    } else if (segment === "*") {
      if (index !== segments.length - 1) throw new TypeError(`app.page("${template}"): "*" may only end the path`);
      rank += 100;
    }
  });
  return {
    template,
    rank,
    params: [...names, ...(segments.at(-1) === "*" ? ["*"] : [])],
    build(params) {
      const parts = segments.map((segment) => {
        if (segment === "*") return (params["*"] ?? "").split("/").map(encodeURIComponent).join("/");
        return segment.startsWith(":") ? encodeURIComponent(params[segment.slice(1)] ?? "") : segment;
      });
      return `/${parts.join("/")}`;
    },
    match(pathname) {
      const parts = normalize(pathname).split("/").slice(1);
      const params: Record<string, string> = {};
      for (const [index, segment] of segments.entries()) {
        if (segment === "*") {
          params["*"] = parts.slice(index).map(decodeSegment).join("/");
          return params;
        }
        const part = parts[index];
        if (part === undefined) return undefined;
        if (segment.startsWith(":")) {
          if (part === "") return undefined;
          const decoded = decodeSegment(part);
          if (decoded === undefined) return undefined;
          params[segment.slice(1)] = decoded;
        } else if (segment !== part) {
          return undefined;
        }
      }
      return parts.length === segments.length ? params : undefined;
    },
  };
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
