/**
 * @module
 * Sign-in and sign-out controls for an app's layouts, made of plain components: a native form
 * that posts to the auth endpoints with the session's CSRF token, so they work without any
 * client code of their own (the page reloads on the redirect that answers them).
 */
import { html } from "../components/html/html.js";
import { Input } from "../components/input/input.js";
import { Link } from "../components/link/link.js";
import type { ComponentNode } from "../layout/component-node.js";
import type { Session } from "../session/session-manager.js";
import { signInLocation, signInPath, signOutPath } from "./auth-paths.js";

/**
 * A "Sign out" button: a form posting to /_dashbase/auth/sign-out with the session's CSRF token
 * (carried by the button itself), then back to `next` (default "/").
 * @example
 * layout: ({ session }) => html.Header([`Signed in as ${session.user?.name} · `, SignOutButton(session)])
 */
export function SignOutButton(
  session: Pick<Session, "csrfToken">,
  options: { label?: string; next?: string; className?: string } = {},
): ComponentNode {
  return html.Form(
    [
      html.Button(options.label ?? "Sign out", {
        type: "submit",
        name: "_csrf",
        value: session.csrfToken,
        className: options.className ?? "dashbase-button is-secondary",
      }),
    ],
    {
      action: options.next === undefined ? signOutPath : `${signOutPath}?next=${encodeURIComponent(options.next)}`,
      method: "post",
      className: "dashbase-sign-out",
    },
  );
}

/**
 * A link to the sign-in page (a full page load: the page is served by the server, not the renderer)
 * that comes back to `next`.
 * @example
 * SignInLink({ next: "/history" })
 */
export function SignInLink(options: { label?: string; next?: string; page?: string; className?: string } = {}): ComponentNode {
  const href = options.next === undefined ? (options.page ?? signInPath) : signInLocation(options.next, options.page);
  return Link(options.label ?? "Sign in", {
    href,
    refresh: true,
    ...(options.className === undefined ? {} : { className: options.className }),
  });
}

/**
 * The sign-in form for an app's own sign-in page (`auth: { signInPage: "/login" }`): e-mail,
 * password and the hidden `_csrf` and `next` fields, posting to /_dashbase/auth/sign-in. A failed
 * attempt answers with the prebuilt page showing the error.
 * @example
 * app.page("/login", { layout: ({ session, query }) => html.Main([html.H1("Welcome back"), SignInForm(session, { next: query.next })]) });
 */
export function SignInForm(
  session: Pick<Session, "csrfToken">,
  options: { next?: string | undefined; submitLabel?: string } = {},
): ComponentNode {
  return html.Form(
    [
      Input({ type: "hidden", name: "_csrf", value: session.csrfToken }),
      Input({ type: "hidden", name: "next", value: options.next ?? "/" }),
      html.Label("E-mail address", { htmlFor: "dashbase-sign-in-email" }),
      Input({ id: "dashbase-sign-in-email", type: "email", name: "email", autoComplete: "username", required: true }),
      html.Label("Password", { htmlFor: "dashbase-sign-in-password" }),
      Input({ id: "dashbase-sign-in-password", type: "password", name: "password", autoComplete: "current-password", required: true }),
      html.Button(options.submitLabel ?? "Sign in", { type: "submit", className: "dashbase-button" }),
    ],
    { action: signInPath, method: "post", className: "dashbase-sign-in-form" },
  );
}
