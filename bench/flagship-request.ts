/**
 * @module
 * The flagship's save request as a browser sends it: a session opened by loading /save, its
 * CSRF token and the view it shows from the page's boot data, and the save callback's body
 * (test/support/flagship-save.ts).
 */
import { flagshipSave, shownViewIn } from "../test/support/flagship-save.js";

/**
 * Opens a session on the flagship at `baseUrl` and returns the save callback's URL, body and headers.
 * @example
 * const { url, body, headers } = await saveRequest("http://127.0.0.1:8050");
 */
export async function saveRequest(baseUrl: string): Promise<{ url: string; body: string; headers: Record<string, string> }> {
  const shell = await fetch(`${baseUrl}/save`);
  const cookie = shell.headers.getSetCookie()[0]!.split(";")[0]!;
  const boot = JSON.parse(/<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(await shell.text())![1]!) as {
    csrfToken: string;
    layout: unknown;
    dependencies: Array<{ id: string; outputs: Array<{ id: unknown; property: string }> }>;
  };
  const callbackId = boot.dependencies.find((dep) => dep.outputs.some((o) => o.id === "user-name-error" && o.property === "children"))!.id;
  const body = JSON.stringify({ callbackId, ...flagshipSave("Bench", shownViewIn(boot.layout)), changedPropIds: ["save-button.n_clicks"] });
  return { url: `${baseUrl}/_dashbase/callback`, body, headers: { cookie, "x-dashbase-csrf": boot.csrfToken } };
}
