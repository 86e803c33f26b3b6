/**
 * @module
 * While the app cannot start (a syntax error, a failing import, a bad setting) or has crashed,
 * `dashbase dev` keeps answering the app's port itself: every page is an HTML page that shows
 * the app's error output (escaped), and `/_dashbase/dev/events` names this page as its own server
 * instance, so an open tab (the app's or this one) reloads as soon as the app is back.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { devEventsPath, devHello } from "../server/dev-events.js";
import { escapeHtml } from "../server/page-shell.js";

/**
 * The page. Its one inline script listens on the events stream and reloads when another server
 * instance answers; the policy allows that script alone.
 * @example
 * const html = errorPageHtml("the app exited with code 1", "SyntaxError: ...", "3f2a...");
 */
export function errorPageHtml(headline: string, output: string, instance: string): string {
  const script = `(function(){var instance=${JSON.stringify(instance)};function connect(){var s=new EventSource(${JSON.stringify(devEventsPath)});s.addEventListener("hello",function(e){if(JSON.parse(e.data).instance!==instance){s.close();location.reload();}});s.addEventListener("error",function(){if(s.readyState===2)setTimeout(connect,500);});}connect();})();`;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    "<title>dashbase dev: the app is not running</title>",
    "<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;color:#222}h1{font-size:1.2rem;color:#b00020}pre{background:#f6f6f6;border-left:4px solid #b00020;padding:1rem;overflow:auto;white-space:pre-wrap}</style>",
    "</head>",
    "<body>",
    `<h1>${escapeHtml(headline)}</h1>`,
    `<pre id="dashbase-dev-error">${escapeHtml(output === "" ? "(the app printed nothing)" : output)}</pre>`,
    "<p>Fix the error and save: this page reloads when the app is back.</p>",
    `<script>${script}</script>`,
    "</body>",
    "</html>",
  ].join("\n");
}

export interface ErrorPage {
  close(): Promise<void>;
}

/**
 * Serves the error page on `host:port` until closed; closing ends every connection at once, so
 * the port is free for the app again.
 * @example
 * const page = await openErrorPage({ host: "127.0.0.1", port: 8050, headline, output });
 * await page.close();
 */
export async function openErrorPage(options: {
  host: string | undefined;
  port: number;
  headline: string;
  output: string;
}): Promise<ErrorPage> {
  const instance = randomUUID();
  const html = errorPageHtml(options.headline, options.output, instance);
  const server = http.createServer((request, response) => {
    if ((request.url ?? "/").split("?")[0]!.endsWith(devEventsPath)) {
      response.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store" });
      response.write(devHello(instance));
      return;
    }
    response.writeHead(503, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "retry-after": "1",
      "content-security-policy": "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
    });
    response.end(html);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port, ...(options.host === undefined ? {} : { host: options.host }) }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
