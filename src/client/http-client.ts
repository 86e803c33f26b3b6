/**
 * @module
 * The renderer's requests to its server: JSON in and out, the CSRF header on every POST, and
 * error answers turned into `{ message, code, requestId }` for a notice.
 */
import { BasePath } from "../protocol/base-path.js";
import { callbackPath, csrfHeader, tabHeader } from "../protocol/endpoints.js";
import type { BackgroundAnswer, CallbackAnswer, CallbackRequest, ErrorAnswer } from "../protocol/messages.js";
import type { CallbackOutcome } from "./callback-runner.js";

/** A failed request, described for a notice. */
export interface RequestProblem {
  readonly message: string;
  readonly code?: string;
  readonly requestId?: string;
}

/** An HTTP answer read as JSON (body is undefined for 204 or an unreadable body). */
export interface JsonAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The fields of an error answer, each only when it has the protocol's type (the body may come from a proxy). */
type ErrorFields = { readonly [K in keyof ErrorAnswer["error"]]?: unknown };

/** The problem an error answer describes, with a fallback for answers that are not dashbase's. */
export function problemOf(answer: JsonAnswer): RequestProblem {
  const error = (answer.body as { error?: ErrorFields } | null | undefined)?.error;
  if (typeof error === "object" && error !== null && typeof error.message === "string") {
    const { message, code, requestId } = error;
    return { message, ...(typeof code === "string" ? { code } : {}), ...(typeof requestId === "string" ? { requestId } : {}) };
  }
  return { message: `The server answered with status ${answer.status}.` };
}

/**
 * Talks to the dashbase server of the page.
 *
 * @example
 * const http = new HttpClient(boot.csrfToken);
 * const answer = await http.post(persistPath, { id: "name", property: "value", value: "Ada" });
 */
export class HttpClient {
  /** `base` is where the app is mounted: endpoint paths are sent under it. */
  constructor(
    private readonly csrfToken: string,
    private readonly base: BasePath = new BasePath(""),
    /** Sent in the tab header with each POST, so the server can push to this tab. */
    private readonly tabId?: string,
  ) {}

  /** GETs a JSON answer. */
  async get(url: string): Promise<JsonAnswer> {
    const response = await fetch(this.base.endpoint(url), { headers: { accept: "application/json" }, credentials: "same-origin" });
    return { status: response.status, body: await readJson(response) };
  }

  /** POSTs JSON with the CSRF header. */
  async post(url: string, body: unknown, init: { keepalive?: boolean } = {}): Promise<JsonAnswer> {
    const response = await fetch(this.base.endpoint(url), {
      method: "POST",
      credentials: "same-origin",
      keepalive: init.keepalive === true,
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        [csrfHeader]: this.csrfToken,
        ...(this.tabId === undefined ? {} : { [tabHeader]: this.tabId }),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await readJson(response) };
  }

  /** POSTs JSON with the CSRF header for a file (a CSV export): the body as a Blob on 200, else the JSON problem. */
  async download(url: string, body: unknown): Promise<JsonAnswer & { blob?: Blob }> {
    const response = await fetch(this.base.endpoint(url), {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", [csrfHeader]: this.csrfToken },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) return { status: response.status, body: await readJson(response) };
    return { status: 200, body: undefined, blob: await response.blob() };
  }

  /** Sends one callback request and reads its outcome. */
  async callback(request: CallbackRequest): Promise<CallbackOutcome> {
    const answer = await this.post(callbackPath, request);
    if (answer.status === 204) return { kind: "prevent" };
    if (answer.status === 202) {
      const jobId = (answer.body as { [K in keyof BackgroundAnswer]?: { jobId?: unknown } } | undefined)?.background?.jobId;
      if (typeof jobId === "string") return { kind: "background", jobId };
      return { kind: "error", message: "A background call's answer named no job." };
    }
    if (answer.status >= 200 && answer.status < 300) {
      const response = (answer.body as { [K in keyof CallbackAnswer]?: unknown } | undefined)?.response;
      const valid = typeof response === "object" && response !== null && !Array.isArray(response);
      return { kind: "update", response: valid ? (response as Record<string, Record<string, unknown>>) : {} };
    }
    return { kind: "error", ...problemOf(answer) };
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
