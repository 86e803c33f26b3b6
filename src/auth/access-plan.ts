/**
 * @module
 * Which access rule applies to each page, callback, declared table, job and topic of a frozen
 * app, worked out once from its declarations: a callback or table without its own `access`
 * inherits the rule of every protected page whose layout shows it (its output, input or state
 * ids; the DataTable of the table), the strictest when several apply. Only layouts readable
 * without a request (values, or functions without parameters) can be walked: the callbacks and
 * tables of a protected page whose layout is a function of the request need their own `access`.
 */
import type { CallbackDefinition } from "../callbacks/callback-registry.js";
import type { ComponentNode } from "../layout/component-node.js";
import type { LayoutValue } from "../layout/layout-walk.js";
import type { PageDefinition, PageOptions, PageRegistry } from "../pages/page-registry.js";
import { PageRedirect } from "../pages/page-redirect.js";
import { idKey } from "../protocol/ids.js";
import { nodesById } from "../protocol/layout-tree.js";
import { isPatternId, wildcardsOf } from "../protocol/wildcards.js";
import type { DependencyId } from "../callbacks/dependency.js";
import { topicNameOf } from "../protocol/topic-id.js";
import { readAccessRule, strictest, type AccessRequirement } from "./access-rule.js";

/** What the plan reads of an app's declarations. */
export interface AccessDeclarations {
  readonly pages: PageRegistry;
  readonly callbacks: readonly CallbackDefinition[];
  /** Explicit rules of callbacks, by callback id. */
  readonly callbackAccess: ReadonlyMap<string, AccessRequirement>;
  /** Explicit rules of declared tables, by table id. */
  readonly tableAccess: ReadonlyMap<string, AccessRequirement | undefined>;
  /** Rules of jobs, by name. */
  readonly jobAccess: ReadonlyMap<string, AccessRequirement>;
}

/** The rule of everything an app serves. */
export interface AccessPlan {
  page(page: PageDefinition | undefined): AccessRequirement | undefined;
  callback(id: string): AccessRequirement | undefined;
  table(id: string): AccessRequirement | undefined;
  job(name: string): AccessRequirement | undefined;
  topic(name: string): AccessRequirement | undefined;
  /** The rule of a component id (its key) shown on protected pages: what saving its persisted props needs. */
  component(key: string): AccessRequirement | undefined;
  /** True when anything has a rule (pages then check for a user). */
  readonly any: boolean;
}

/** A page's own rule (checked when the page was declared). */
export function pageRule(options: PageOptions): AccessRequirement | undefined {
  return readAccessRule((options as { access?: unknown }).access, "app.page()");
}

async function layoutOf(options: PageOptions): Promise<LayoutValue | undefined> {
  const layout = options.layout;
  if (typeof layout !== "function") return layout;
  if (layout.length !== 0) return undefined;
  try {
    const value = await (layout as () => unknown)();
    return PageRedirect.is(value) ? undefined : (value as LayoutValue);
  } catch {
    return undefined;
  }
}

/** True when the dependency id addresses one of the layout's nodes (a pattern: any node it can match). */
function addresses(id: DependencyId, nodes: ReadonlyMap<string, ComponentNode>): boolean {
  if (!isPatternId(id)) return nodes.has(idKey(id as string | Readonly<Record<string, unknown>>));
  const wildcards = wildcardsOf(id);
  const pattern = id as Readonly<Record<string, unknown>>;
  for (const node of nodes.values()) {
    const nodeId = node.props["id"];
    if (typeof nodeId !== "object" || nodeId === null) continue;
    const concrete = nodeId as Record<string, unknown>;
    const keys = Object.keys(pattern);
    if (keys.length !== Object.keys(concrete).length) continue;
    if (keys.every((key) => key in concrete && (wildcards.has(key) || concrete[key] === pattern[key]))) return true;
  }
  return false;
}

function dependencyIds(callback: CallbackDefinition): DependencyId[] {
  return [
    ...callback.outputs,
    ...callback.inputs,
    ...callback.state,
    ...(callback.background?.progress ?? []),
    ...(callback.background?.cancel ?? []),
  ].map((dependency) => dependency.id);
}

/**
 * Works out the plan; inherited rules come from the protected pages' static layouts.
 * @example
 * const plan = await buildAccessPlan({ pages, callbacks: registry.all(), callbackAccess, tableAccess, jobAccess });
 * plan.callback("out.children"); // { roles: ["editor"] }
 */
export async function buildAccessPlan(declarations: AccessDeclarations): Promise<AccessPlan> {
  const pageRules = new Map<PageDefinition, AccessRequirement>();
  const inheritedCallbacks = new Map<string, AccessRequirement[]>();
  const inheritedTables = new Map<string, AccessRequirement[]>();
  const inheritedIds = new Map<string, AccessRequirement[]>();
  const push = (map: Map<string, AccessRequirement[]>, key: string, rule: AccessRequirement) =>
    map.set(key, [...(map.get(key) ?? []), rule]);
  for (const page of declarations.pages.all()) {
    const rule = pageRule(page.options);
    if (rule === undefined) continue;
    pageRules.set(page, rule);
    const layout = await layoutOf(page.options);
    if (layout === undefined) continue;
    const nodes = nodesById(layout);
    for (const [key, node] of nodes) {
      push(inheritedIds, key, rule);
      if (node.type === "DataTable" && node.props["server_side"] === true && typeof node.props["id"] === "string")
        push(inheritedTables, node.props["id"], rule);
    }
    for (const callback of declarations.callbacks) {
      if (dependencyIds(callback).some((id) => addresses(id, nodes))) push(inheritedCallbacks, callback.id, rule);
    }
  }
  const callbackRules = new Map<string, AccessRequirement | undefined>();
  for (const callback of declarations.callbacks) {
    // An explicit rule wins over what the pages would give.
    callbackRules.set(callback.id, declarations.callbackAccess.get(callback.id) ?? strictest(inheritedCallbacks.get(callback.id) ?? []));
  }
  const tableRules = new Map<string, AccessRequirement | undefined>();
  for (const [id, own] of declarations.tableAccess) tableRules.set(id, own ?? strictest(inheritedTables.get(id) ?? []));
  const topicRules = new Map<string, AccessRequirement[]>();
  for (const callback of declarations.callbacks) {
    for (const input of callback.inputs) {
      const name = topicNameOf(input.id);
      const rule = (input as { access?: AccessRequirement }).access;
      if (name !== undefined && rule !== undefined) push(topicRules, name, rule);
    }
  }
  const topics = new Map([...topicRules].map(([name, rules]) => [name, strictest(rules)]));
  const any =
    pageRules.size > 0 ||
    [...callbackRules.values(), ...tableRules.values(), ...declarations.jobAccess.values(), ...topics.values()].some(
      (rule) => rule !== undefined,
    );
  return Object.freeze({
    page: (page: PageDefinition | undefined) => (page === undefined ? undefined : pageRules.get(page)),
    callback: (id: string) => callbackRules.get(id),
    table: (id: string) => tableRules.get(id),
    job: (name: string) => declarations.jobAccess.get(name),
    topic: (name: string) => topics.get(name),
    component: (key: string) => strictest(inheritedIds.get(key) ?? []),
    any,
  });
}
