/**
 * @module
 * The prebuilt sign-in page: plain server-rendered HTML that works without the client bundle,
 * styled by the renderer's own stylesheet (the `--dashbase-*` variables, so the light and dark
 * themes and an app's CSS overrides apply) plus a few rules of its own. Every field has a label,
 * the error is announced (role="alert") and tied to the fields it concerns.
 */
import type { SignInProvider } from "../app/app-options.js";
import type { SessionUser } from "./session-user.js";
import { escapeHtml } from "../server/page-shell.js";

/** What the page shows. */
export interface SignInPageInput {
  /** The app's title. */
  readonly appTitle: string;
  /** The session's CSRF token, posted back as `_csrf`. */
  readonly csrfToken: string;
  /** Where signing in returns to (already checked: a path of the app). */
  readonly next: string;
  /** The e-mail address to fill in again after a failed attempt. */
  readonly email?: string;
  /** The error to show, if any. */
  readonly error?: string;
  /** Password sign-in offered. */
  readonly password: boolean;
  readonly providers: readonly SignInProvider[];
  /** The user already signed in, if any. */
  readonly user: SessionUser | null;
  /** Browser URLs (the mount point applied). */
  readonly urls: {
    readonly signIn: string;
    readonly signOut: string;
    readonly next: string;
    readonly stylesheets: readonly string[];
    readonly themeScript: string;
  };
}

/** Error messages start in lower case (they follow a code in logs); on the page they are a sentence. */
function sentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}${/[.!?]$/.test(message) ? "" : "."}`;
}

function providerLinks(providers: readonly SignInProvider[], next: string): string[] {
  if (providers.length === 0) return [];
  return [
    '<ul class="dashbase-sign-in-providers">',
    ...providers.map((provider) => {
      const href = provider.href.startsWith("/")
        ? `${provider.href}${provider.href.includes("?") ? "&" : "?"}next=${encodeURIComponent(next)}`
        : provider.href;
      return `<li><a class="dashbase-button is-secondary" href="${escapeHtml(href)}">Sign in with ${escapeHtml(provider.label)}</a></li>`;
    }),
    "</ul>",
  ];
}

function passwordForm(input: SignInPageInput): string[] {
  if (!input.password) return [];
  const invalid = input.error === undefined ? "" : ' aria-invalid="true" aria-describedby="dashbase-sign-in-error"';
  return [
    `<form class="dashbase-sign-in-form" method="post" action="${escapeHtml(input.urls.signIn)}">`,
    `<input type="hidden" name="_csrf" value="${escapeHtml(input.csrfToken)}">`,
    `<input type="hidden" name="next" value="${escapeHtml(input.next)}">`,
    '<label for="dashbase-sign-in-email">E-mail address</label>',
    `<input class="dashbase-input" id="dashbase-sign-in-email" name="email" type="email" autocomplete="username" required maxlength="320" value="${escapeHtml(input.email ?? "")}"${invalid}${input.email === undefined || input.email === "" ? " autofocus" : ""}>`,
    '<label for="dashbase-sign-in-password">Password</label>',
    `<input class="dashbase-input" id="dashbase-sign-in-password" name="password" type="password" autocomplete="current-password" required maxlength="1024"${invalid}${input.email === undefined || input.email === "" ? "" : " autofocus"}>`,
    '<button class="dashbase-button" type="submit">Sign in</button>',
    "</form>",
  ];
}

function signedIn(input: SignInPageInput, user: SessionUser): string[] {
  return [
    `<p>Signed in as <strong>${escapeHtml(user.name)}</strong>${user.email === null ? "" : ` (${escapeHtml(user.email)})`}.</p>`,
    `<p><a href="${escapeHtml(input.urls.next)}">Continue</a></p>`,
    `<form method="post" action="${escapeHtml(input.urls.signOut)}">`,
    `<input type="hidden" name="_csrf" value="${escapeHtml(input.csrfToken)}">`,
    '<button class="dashbase-button is-secondary" type="submit">Sign out</button>',
    "</form>",
    "<h2>Sign in as someone else</h2>",
  ];
}

/**
 * The page's HTML.
 * @example
 * reply.type("text/html; charset=utf-8").send(renderSignInPage(input));
 */
export function renderSignInPage(input: SignInPageInput): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    // No icon of its own: without this the browser asks for /favicon.ico, which the app may not have.
    '<link rel="icon" href="data:,">',
    `<title>Sign in · ${escapeHtml(input.appTitle)}</title>`,
    ...input.urls.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    `<script src="${escapeHtml(input.urls.themeScript)}"></script>`,
    "</head>",
    "<body>",
    '<main class="dashbase-app dashbase-sign-in">',
    `<h1>Sign in to ${escapeHtml(input.appTitle)}</h1>`,
    ...(input.error === undefined
      ? []
      : [`<p class="dashbase-sign-in-error" id="dashbase-sign-in-error" role="alert">${escapeHtml(sentence(input.error))}</p>`]),
    ...(input.user === null ? [] : signedIn(input, input.user)),
    ...passwordForm(input),
    ...providerLinks(input.providers, input.next),
    ...(!input.password && input.providers.length === 0 ? ["<p>This app offers no way to sign in yet.</p>"] : []),
    "</main>",
    "</body>",
    "</html>",
  ].join("\n");
}

/** The page's own rules, on top of the renderer's stylesheet. */
export const signInPageCss = `.dashbase-sign-in { max-width: 24rem; }
.dashbase-sign-in-form { display: grid; gap: 0.4rem; margin: 1rem 0; }
.dashbase-sign-in-form .dashbase-input { width: 100%; margin-bottom: 0.6rem; }
.dashbase-sign-in-form .dashbase-button { justify-self: start; }
.dashbase-sign-in-error { color: var(--dashbase-danger); background: var(--dashbase-danger-soft); border: 1px solid var(--dashbase-danger); border-radius: var(--dashbase-radius); padding: 0.5rem 0.75rem; }
.dashbase-sign-in-providers { list-style: none; padding: 0; display: grid; gap: 0.5rem; }
.dashbase-sign-in-providers a { display: inline-block; text-decoration: none; }
`;

/** Applies the stored light/dark choice before the first draw, as the renderer's entry does (see client/theme-choice.ts). */
export const signInThemeScript = `try{var t=localStorage.getItem("dashbase-theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}
`;
