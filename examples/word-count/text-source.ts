/**
 * @module
 * Where the text to count comes from: pasted into the page, or fetched from its http(s)
 * address (bounded in size and time, stopped by the job's signal). HTML is reduced to its text.
 */
import { validationError } from "dashbase/db";

/** At most this many bytes are read from an address. */
export const maxFetchBytes = 5 * 1024 * 1024;
const fetchTimeoutMs = 10_000;

export interface TextSource {
  readonly url: string;
  readonly text: string;
}

function problem(field: "url" | "text", message: string): Error {
  return validationError("result", [{ field, message }]);
}

/** The text of an HTML page: scripts and styles dropped, tags removed, entities for spaces and quotes decoded. */
function textOfHtml(page: string): string {
  return page
    .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

async function fetchText(url: string, signal: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(fetchTimeoutMs)]), redirect: "follow" });
  } catch (error) {
    signal.throwIfAborted();
    throw problem("url", `could not fetch the address: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!response.ok) throw problem("url", `the address answered with status ${response.status}`);
  const type = response.headers.get("content-type") ?? "";
  if (!/^text\/|html|xml|json/.test(type)) throw problem("url", `expected a text or HTML page, found ${type || "no content type"}`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > maxFetchBytes) throw problem("url", `the page is ${declared} bytes; at most ${maxFetchBytes} are counted`);
  const body = await readAtMost(response, maxFetchBytes);
  if (body === undefined) throw problem("url", `the page is larger than ${maxFetchBytes} bytes`);
  return /html/.test(type) ? textOfHtml(body) : body;
}

/** The body as text, or undefined (and the rest left unread) once it passes `limit` bytes. */
async function readAtMost(response: Response, limit: number): Promise<string | undefined> {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for await (const chunk of response.body ?? []) {
    bytes += chunk.byteLength;
    if (bytes > limit) return undefined; // leaving the loop cancels the stream
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/**
 * The text to count and the address to store it under: the pasted text when there is one,
 * else what the address serves.
 * @throws DashbaseError DASHBASE_E_VALIDATION naming the field.
 */
export async function readSource(input: { url: unknown; text: unknown; signal: AbortSignal }): Promise<TextSource> {
  const url = typeof input.url === "string" ? input.url.trim() : "";
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw problem("url", `expected an http(s) address, found ${JSON.stringify(url)}`);
  const pasted = typeof input.text === "string" ? input.text : "";
  return { url, text: pasted.trim() !== "" ? pasted : await fetchText(url, input.signal) };
}
