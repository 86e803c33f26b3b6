/**
 * @module
 * Serving files from a folder: safe path resolution (nothing outside the folder), content types,
 * precompressed `.br`/`.gz` siblings chosen by Accept-Encoding, and an in-memory cache of what
 * was read (the files are fingerprinted or small, and never change while the server runs).
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

const contentTypes: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".txt": "text/plain; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
};

/** The content type of a file name (application/octet-stream when unknown). */
export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/** One file ready to send. */
export interface ServedFile {
  body: Buffer;
  contentType: string;
  /** "br", "gzip" or undefined for the plain file. */
  encoding: "br" | "gzip" | undefined;
  etag: string;
}

interface CachedVariants {
  plain: Buffer;
  br: Buffer | undefined;
  gzip: Buffer | undefined;
  etag: string;
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch {
    return undefined;
  }
}

/** Resolves `relative` inside `root`, or undefined when it would leave it or names a hidden file. */
export function resolveInside(root: string, relative: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0") || decoded.split(/[\\/]/).some((segment) => segment.startsWith("."))) return undefined;
  const resolved = path.resolve(root, decoded);
  return resolved.startsWith(root + path.sep) ? resolved : undefined;
}

/**
 * A folder of files served with precompressed variants.
 * @example
 * const files = new StaticFolder("/app/dist/client");
 * const file = await files.read("main-3f2a.js", "br, gzip");
 */
export class StaticFolder {
  private readonly cache = new Map<string, Promise<CachedVariants | undefined>>();
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private load(file: string): Promise<CachedVariants | undefined> {
    let pending = this.cache.get(file);
    if (pending === undefined) {
      pending = (async () => {
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat === undefined || !stat.isFile()) return undefined;
        const plain = await fs.readFile(file);
        const [br, gzip] = await Promise.all([readOptional(`${file}.br`), readOptional(`${file}.gz`)]);
        const etag = `"${createHash("sha256").update(plain).digest("base64url").slice(0, 22)}"`;
        return { plain, br, gzip, etag };
      })();
      this.cache.set(file, pending);
      // A missing file is not cached, so a file built after startup is found.
      void pending.then((found) => {
        if (found === undefined) this.cache.delete(file);
      });
    }
    return pending;
  }

  /** The file at `relative` for a client accepting `acceptEncoding`, or undefined when there is none. */
  async read(relative: string, acceptEncoding: string | undefined): Promise<ServedFile | undefined> {
    const file = resolveInside(this.root, relative);
    if (file === undefined || file.endsWith(".br") || file.endsWith(".gz")) return undefined;
    const variants = await this.load(file);
    if (variants === undefined) return undefined;
    const accepts = (acceptEncoding ?? "").toLowerCase();
    const contentType = contentTypeOf(file);
    if (variants.br !== undefined && /\bbr\b/.test(accepts)) return { body: variants.br, contentType, encoding: "br", etag: variants.etag };
    if (variants.gzip !== undefined && /\bgzip\b/.test(accepts))
      return { body: variants.gzip, contentType, encoding: "gzip", etag: variants.etag };
    return { body: variants.plain, contentType, encoding: undefined, etag: variants.etag };
  }

  /** The ETag (content hash) of a file, for cache-busting links; undefined when missing. */
  async etagOf(relative: string): Promise<string | undefined> {
    const file = resolveInside(this.root, relative);
    return file === undefined ? undefined : (await this.load(file))?.etag;
  }
}
