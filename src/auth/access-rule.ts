/**
 * @module
 * Access rules (`access: "user" | { role: "editor" }`) as pages, callbacks, tables, API routes,
 * jobs and topics declare them: checked when declared, combined when several apply (the
 * strictest wins: signed in, and every role any of them names), and enforced against a
 * session's user before any handler runs.
 */
import { DashbaseError } from "../errors/dashbase-error.js";
import type { SessionUser } from "./session-user.js";

/** What a declaration may require: a signed-in user, or a signed-in user holding a role. */
export type AccessRule = "user" | { readonly role: string };

/** A rule as the server enforces it: always a signed-in user, plus every role listed (sorted). */
export interface AccessRequirement {
  readonly roles: readonly string[];
}

/** The names `dashbase users grant` accepts, and roles in rules must have. */
export const rolePattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

const signedIn: AccessRequirement = Object.freeze({ roles: Object.freeze([]) });

/**
 * Checks a declared `access` option; undefined when there is none.
 * @throws DashbaseError DASHBASE_E_APP_INVALID naming `where` and the expected shapes.
 * @example
 * readAccessRule({ role: "editor" }, 'app.page("/admin")'); // { roles: ["editor"] }
 */
export function readAccessRule(rule: unknown, where: string): AccessRequirement | undefined {
  if (rule === undefined) return undefined;
  if (rule === "user") return signedIn;
  if (typeof rule === "object" && rule !== null && !Array.isArray(rule)) {
    const keys = Object.keys(rule);
    const role = (rule as { role?: unknown }).role;
    if (keys.length === 1 && keys[0] === "role" && typeof role === "string" && rolePattern.test(role))
      return Object.freeze({ roles: Object.freeze([role]) });
    if (keys.length === 1 && keys[0] === "role") {
      throw new DashbaseError(
        "DASHBASE_E_APP_INVALID",
        `${where}: access.role must be 1-64 letters, digits, "_", ".", ":" or "-" starting with a letter or digit, found ${JSON.stringify(role)?.slice(0, 80)}`,
        { details: { where } },
      );
    }
  }
  throw new DashbaseError(
    "DASHBASE_E_APP_INVALID",
    `${where}: expected access: "user" (any signed-in user) or { role: "editor" } (a signed-in user holding that role), found ${JSON.stringify(rule)?.slice(0, 80) ?? typeof rule}`,
    { details: { where } },
  );
}

/**
 * The strictest of several requirements: a signed-in user holding every role any of them names.
 * Undefined when none applies.
 * @example
 * strictest([{ roles: [] }, { roles: ["editor"] }]); // { roles: ["editor"] }
 */
export function strictest(requirements: Iterable<AccessRequirement | undefined>): AccessRequirement | undefined {
  let any = false;
  const roles = new Set<string>();
  for (const requirement of requirements) {
    if (requirement === undefined) continue;
    any = true;
    for (const role of requirement.roles) roles.add(role);
  }
  return any ? Object.freeze({ roles: Object.freeze([...roles].sort()) }) : undefined;
}

/** How a requirement reads in messages and docs: `"user"` or `{ role: "editor" }`. */
export function describeRequirement(requirement: AccessRequirement): string {
  return requirement.roles.length === 0 ? '"user"' : requirement.roles.map((role) => `{ role: "${role}" }`).join(" and ");
}

/**
 * Why `user` may not use what `requirement` protects: DASHBASE_E_SIGN_IN_REQUIRED (401) without a
 * user, DASHBASE_E_FORBIDDEN (403) when a role is missing; undefined when access is granted.
 * @example
 * const refusal = accessRefusal(rule, session.user, 'page "/admin"'); if (refusal) throw refusal;
 */
export function accessRefusal(
  requirement: AccessRequirement | undefined,
  user: SessionUser | null | undefined,
  what: string,
): DashbaseError | undefined {
  if (requirement === undefined) return undefined;
  if (user == null) {
    return new DashbaseError("DASHBASE_E_SIGN_IN_REQUIRED", `${what} requires a signed-in user; sign in and try again`, {
      details: { access: describeRequirement(requirement) },
    });
  }
  const missing = requirement.roles.filter((role) => !user.roles.includes(role));
  if (missing.length === 0) return undefined;
  return new DashbaseError(
    "DASHBASE_E_FORBIDDEN",
    `${what} requires the role${missing.length === 1 ? "" : "s"} ${missing.map((role) => `"${role}"`).join(", ")}, which this user does not hold; an administrator grants it with \`dashbase users grant <email> <role>\``,
    { details: { access: describeRequirement(requirement) } },
  );
}

/** Throws `accessRefusal`'s error when there is one. */
export function assertAccess(requirement: AccessRequirement | undefined, user: SessionUser | null | undefined, what: string): void {
  const refusal = accessRefusal(requirement, user, what);
  if (refusal !== undefined) throw refusal;
}
