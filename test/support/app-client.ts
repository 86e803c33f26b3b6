/**
 * A cookie-keeping HTTP client that speaks dashbase's wire protocol the way the browser
 * renderer does (shell -> cookie + CSRF token -> POSTs), for fault and security tests.
 */

export interface WireAnswer {
  status: number;
  body: unknown;
  headers?: Headers;
}

export interface CallbackCall {
  outputs: Array<{ id: string; property: string }>;
  inputs: Array<{ id: string; property: string; value: unknown }>;
  state?: Array<{ id: string; property: string; value: unknown }>;
  callbackId?: string;
}

export class AppClient {
  private cookie = "";
  csrfToken = "";
  /** The app's callbacks as the boot data lists them. */
  dependencies: Array<{ id: string; outputs: Array<{ id: unknown; property: string }> }> = [];

  private constructor(readonly baseUrl: string) {}

  /** Opens the page at `path` like a browser, keeping its cookie and CSRF token. */
  static async open(baseUrl: string, path = "/"): Promise<AppClient> {
    const client = new AppClient(baseUrl);
    await client.loadShell(path);
    return client;
  }

  /** The same session as `other` (the same cookie), as a second tab or browser would carry it. */
  static withCookieOf(other: AppClient, baseUrl = other.baseUrl): AppClient {
    const client = new AppClient(baseUrl);
    client.cookie = other.cookie;
    client.csrfToken = other.csrfToken;
    return client;
  }

  get sessionCookie(): string {
    return this.cookie;
  }

  async loadShell(path = "/"): Promise<{ status: number; html: string; boot: Record<string, unknown> }> {
    const response = await fetch(new URL(path, this.baseUrl), { headers: this.headers() });
    this.keepCookie(response);
    const html = await response.text();
    const json = /<script id="dashbase-boot" type="application\/json">([\s\S]*?)<\/script>/.exec(html)?.[1];
    const boot = json === undefined ? {} : (JSON.parse(json) as Record<string, unknown>);
    if (typeof boot["csrfToken"] === "string") this.csrfToken = boot["csrfToken"];
    if (Array.isArray(boot["dependencies"])) this.dependencies = boot["dependencies"] as AppClient["dependencies"];
    return { status: response.status, html, boot };
  }

  async layout(path: string): Promise<WireAnswer> {
    const response = await fetch(new URL(`/_dashbase/layout?path=${encodeURIComponent(path)}`, this.baseUrl), { headers: this.headers() });
    this.keepCookie(response);
    return { status: response.status, body: await response.json() };
  }

  /** POSTs a callback; its id is looked up by its first output unless given. */
  callback(call: CallbackCall, signal?: AbortSignal): Promise<WireAnswer> {
    const changedPropIds = call.inputs.map((input) => `${input.id}.${input.property}`);
    const first = call.outputs[0];
    const callbackId =
      call.callbackId ?? this.dependencies.find((dep) => dep.outputs.some((o) => o.id === first?.id && o.property === first?.property))?.id;
    return this.post("/_dashbase/callback", { state: [], ...call, callbackId, changedPropIds }, signal);
  }

  persist(id: string, property: string, value: unknown): Promise<WireAnswer> {
    return this.post("/_dashbase/persist", { id, property, value });
  }

  async post(path: string, body: unknown, signal?: AbortSignal): Promise<WireAnswer> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: "POST",
      headers: { ...this.headers(), "content-type": "application/json", "x-dashbase-csrf": this.csrfToken },
      body: JSON.stringify(body),
      ...(signal === undefined ? {} : { signal }),
    });
    this.keepCookie(response);
    const text = await response.text();
    const json = (response.headers.get("content-type") ?? "").includes("json");
    return {
      status: response.status,
      body: text === "" ? undefined : json ? (JSON.parse(text) as unknown) : text,
      headers: response.headers,
    };
  }

  private headers(): Record<string, string> {
    return this.cookie === "" ? {} : { cookie: this.cookie };
  }

  private keepCookie(response: Response): void {
    const set = response.headers.getSetCookie();
    if (set.length === 0) return;
    // Keeps every cookie by name, as a browser does (the session's, and dashbase_read_after).
    const jar = new Map(
      this.cookie
        .split("; ")
        .filter((pair) => pair.includes("="))
        .map((pair) => [pair.split("=")[0]!, pair]),
    );
    for (const line of set) {
      const pair = line.split(";")[0]!;
      if (pair.includes("=")) jar.set(pair.split("=")[0]!, pair);
    }
    this.cookie = [...jar.values()].join("; ");
  }
}
