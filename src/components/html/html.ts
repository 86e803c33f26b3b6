/**
 * @module
 * `html.*`: one factory per common HTML element, and their definitions (one view draws them
 * all). Children come first or in props: `html.Div([...], { id })`, `html.Div({ id, children })`,
 * `html.P("text")`.
 */
import { withDefinition } from "../../layout/component-factory.js";
import {
  createNode,
  isComponentNode,
  type Children,
  type ComponentId,
  type ComponentNode,
  type Style,
} from "../../layout/component-node.js";
import { defineComponent, type ComponentDefinition } from "../../protocol/component-definition.js";

/** Props every html element takes. `n_clicks` counts clicks, as in Dash, so any element can be a callback Input. */
export interface HtmlProps {
  id?: ComponentId;
  className?: string;
  style?: Style;
  title?: string;
  hidden?: boolean;
  role?: string;
  tabIndex?: number;
  lang?: string;
  n_clicks?: number;
  children?: Children;
  /** `aria-*` and `data-*` attributes pass through as written. */
  [attribute: `aria-${string}` | `data-${string}`]: string | number | boolean | undefined;
}

/** Extra props of the elements that need them. */
export interface HtmlExtraProps {
  A: { href?: string; target?: "_blank" | "_self" | "_parent" | "_top"; rel?: string; download?: string | boolean };
  Img: { src?: string; alt?: string; width?: number | string; height?: number | string; loading?: "lazy" | "eager" };
  Button: { type?: "button" | "submit" | "reset"; disabled?: boolean; name?: string; value?: string };
  Label: { htmlFor?: string };
  Th: { colSpan?: number; rowSpan?: number; scope?: "col" | "row" | "colgroup" | "rowgroup" };
  Td: { colSpan?: number; rowSpan?: number };
  Ol: { start?: number; reversed?: boolean };
  /** With `action`, a native form that posts to a path of the app (sign-in, sign-out); without, callbacks handle it. */
  Form: { noValidate?: boolean; action?: string; method?: "get" | "post" };
  Blockquote: { cite?: string };
  Q: { cite?: string };
  /** A machine-readable date or time, e.g. `"2024-05-01"` or `"PT2H"`. */
  Time: { dateTime?: string };
  Details: { open?: boolean };
  Col: { span?: number };
  Colgroup: { span?: number };
  Fieldset: { disabled?: boolean; name?: string };
  /** Without `value`, the bar shows work under way of unknown length. */
  Progress: { value?: number; max?: number };
  Meter: { value?: number; min?: number; max?: number; low?: number; high?: number; optimum?: number };
}

/**
 * Every element with a factory. The browser renderer draws exactly these (see
 * `./html-tags.ts`); none of them runs code or loads a document.
 */
export const htmlTags = [
  "Div",
  "Span",
  "P",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "A",
  "Button",
  "Img",
  "Label",
  "Ul",
  "Ol",
  "Li",
  "Table",
  "Thead",
  "Tbody",
  "Tr",
  "Th",
  "Td",
  "Form",
  "Section",
  "Header",
  "Footer",
  "Nav",
  "Main",
  "Pre",
  "Code",
  "Hr",
  "Br",
  // text-level
  "Strong",
  "Em",
  "Small",
  "B",
  "I",
  "U",
  "S",
  "Sub",
  "Sup",
  "Mark",
  "Abbr",
  "Time",
  "Kbd",
  "Var",
  "Samp",
  "Q",
  "Cite",
  // grouping and sections
  "Blockquote",
  "Dl",
  "Dt",
  "Dd",
  "Figure",
  "Figcaption",
  "Article",
  "Aside",
  "Address",
  "Details",
  "Summary",
  // tables, forms' grouping, gauges
  "Caption",
  "Colgroup",
  "Col",
  "Tfoot",
  "Fieldset",
  "Legend",
  "Progress",
  "Meter",
] as const;

/** The html element names dashbase knows. */
export type HtmlTag = (typeof htmlTags)[number];

/** The props of one element. */
export type HtmlElementProps<Tag extends HtmlTag> = HtmlProps & (Tag extends keyof HtmlExtraProps ? HtmlExtraProps[Tag] : unknown);

/** The node one element factory builds. */
export type HtmlNode<Tag extends HtmlTag = HtmlTag> = ComponentNode<`html.${Tag}`, HtmlElementProps<Tag>>;

/** An element factory: `(children?, props?)` or `(props)`. */
export interface HtmlFactory<Tag extends HtmlTag> {
  (props?: HtmlElementProps<Tag>): HtmlNode<Tag>;
  (children: Children, props?: Omit<HtmlElementProps<Tag>, "children">): HtmlNode<Tag>;
}

function isPropsObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isComponentNode(value);
}

/** Elements that never have children. */
const voidTags: ReadonlySet<HtmlTag> = new Set<HtmlTag>(["Br", "Hr", "Img", "Col"]);

function definitionOf<Tag extends HtmlTag>(tag: Tag): ComponentDefinition<`html.${Tag}`, HtmlElementProps<Tag>> {
  return defineComponent<`html.${Tag}`, HtmlElementProps<Tag>>({
    type: `html.${tag}`,
    children: voidTags.has(tag) ? "none" : "nodes",
  });
}

/**
 * The definition of every element: a plain element with its attributes; `n_clicks` counts clicks.
 * The browser draws exactly these (see `./html-tags.ts`).
 */
export const htmlDefinitions: readonly ComponentDefinition[] = /* @__PURE__ */ htmlTags.map(
  (tag) => definitionOf(tag) as unknown as ComponentDefinition,
);

function factory<Tag extends HtmlTag>(tag: Tag): HtmlFactory<Tag> {
  const type = `html.${tag}` as const;
  const build = (first?: unknown, second?: unknown): HtmlNode<Tag> => {
    if (first === undefined || isPropsObject(first)) {
      return createNode(type, { ...(first ?? {}) } as HtmlElementProps<Tag>);
    }
    const props = isPropsObject(second) ? second : {};
    return createNode(type, { ...props, children: first } as HtmlElementProps<Tag>);
  };
  return withDefinition(definitionOf(tag), build) as unknown as HtmlFactory<Tag>;
}

type HtmlNamespace = { readonly [Tag in HtmlTag]: HtmlFactory<Tag> };

function buildNamespace(): HtmlNamespace {
  const entries = htmlTags.map((tag) => [tag, factory(tag)] as const);
  return Object.freeze(Object.fromEntries(entries)) as HtmlNamespace;
}

/**
 * Factories for HTML elements.
 * @example
 * html.Div([html.H1("Indicators"), html.P("Pick one", { className: "hint" })], { id: "intro" });
 * html.P(["Saved ", html.Strong("3 views"), " ", html.Small(html.Time("today", { dateTime: "2024-05-01" }))]);
 */
export const html: HtmlNamespace = /* @__PURE__ */ buildNamespace();
