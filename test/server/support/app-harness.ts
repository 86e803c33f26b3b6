/**
 * Helpers for server tests: a fake built renderer in a temp folder, test settings, and an app
 * server on a fresh database driven through `inject()` (no port), with the session cookie and
 * CSRF token of a first page load.
 */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import type { LightMyRequestResponse } from "fastify";
import { loadSettings } from "dashbase/config";
import type { Settings } from "dashbase/config";
import type { Database } from "dashbase";
import type { AppServer, DashbaseApp } from "dashbase";
import { tempDir } from "../../support/temp-dir.js";

/** Writes manifest.json, a main script and stylesheet (with .gz/.br siblings) and returns the folder. */
export function fakeClientDir(): string {
  const dir = tempDir("client");
  const files: Record<string, string> = {
    "main-abc123.js": `console.log("dashbase renderer");\n${"// padding\n".repeat(200)}`,
    "main-def456.css": `body { margin: 0; }\n${"/* padding */\n".repeat(100)}`,
    "plotly-basic-0a1b2c.js": "window.Plotly = {};\n",
  };
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(text));
    fs.writeFileSync(path.join(dir, `${name}.br`), zlib.brotliCompressSync(text));
  }
  fs.writeFileSync(
    path.join(dir, "manifest.json"),
    JSON.stringify({ "main.js": "main-abc123.js", "main.css": "main-def456.css", "plotly-basic.js": "plotly-basic-0a1b2c.js" }),
  );
  return dir;
}

/** Settings for the test profile, or production when asked. */
export function testSettings(profile: "test" | "production" = "test"): Settings {
  return loadSettings({
    env: { DASHBASE_ENV: profile, SESSION_SECRET: "s".repeat(40), DASHBASE_DATABASE: "embedded", DASHBASE_DATA_DIR: ":memory:" },
  });
}

/** A browser-like client of an app server: keeps the cookie and the CSRF token. */
export class TestClient {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(readonly server: AppServer) {}

  private remember(answer: LightMyRequestResponse): void {
    const setCookie = answer.headers["set-cookie"];
    const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    if (first !== undefined) this.cookie = first.split(";")[0];
  }

  /** Loads a page shell and keeps its cookie and CSRF token. */
  async open(url = "/"): Promise<{ answer: LightMyRequestResponse; boot: Record<string, unknown> }> {
    const answer = await this.get(url);
    const match = /<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(answer.body);
    if (match === null) throw new Error(`no boot data in ${url}: ${answer.statusCode} ${answer.body.slice(0, 200)}`);
    const boot = JSON.parse(match[1]!) as Record<string, unknown>;
    this.csrfToken = boot["csrfToken"] as string;
    return { answer, boot };
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const answer = await this.server.fastify.inject({
      method: "GET",
      url,
      headers: { ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
    });
    this.remember(answer);
    return answer;
  }

  async post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const answer = await this.server.fastify.inject({
      method: "POST",
      url,
      payload: typeof body === "string" ? body : JSON.stringify(body),
      headers: {
        "content-type": "application/json",
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrfToken ? { "x-dashbase-csrf": this.csrfToken } : {}),
        ...headers,
      },
    });
    this.remember(answer);
    return answer;
  }
}

/** Builds the app's server on `db` with a fake client bundle. */
export async function serve(app: DashbaseApp, db: Database, profile: "test" | "production" = "test"): Promise<AppServer> {
  return app.createServer({ db, settings: testSettings(profile) });
}
