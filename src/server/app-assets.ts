/**
 * @module
 * The app's own `assets/` folder: served under `/assets/`, and its `.css` and `.js` files linked
 * in every page (in name order, with a content hash in the URL so a changed file is refetched).
 */
import fs from "node:fs/promises";
import path from "node:path";
import { StaticFolder } from "./static-files.js";

export interface AssetLinks {
  stylesheets: string[];
  scripts: string[];
}

async function listFiles(root: string, relative = ""): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(root, child)));
    else if (entry.isFile()) found.push(child);
  }
  return found;
}

/**
 * The app's asset folder (may not exist: then nothing is linked and /assets/ answers 404).
 * @example
 * const assets = await AppAssets.open("/srv/app/assets");
 * assets.links.stylesheets; // ["/assets/site.css?v=..."]
 */
export class AppAssets {
  private constructor(
    readonly folder: StaticFolder,
    readonly links: AssetLinks,
  ) {}

  static async open(dir: string): Promise<AppAssets> {
    const folder = new StaticFolder(dir);
    const files = await listFiles(folder.root);
    const link = async (file: string): Promise<string> => {
      const etag = (await folder.etagOf(file)) ?? "";
      const href = file.split("/").map(encodeURIComponent).join("/");
      return `/assets/${href}?v=${etag.replace(/"/g, "").slice(0, 10)}`;
    };
    const stylesheets = await Promise.all(files.filter((file) => file.endsWith(".css")).map(link));
    const scripts = await Promise.all(files.filter((file) => file.endsWith(".js") || file.endsWith(".mjs")).map(link));
    return new AppAssets(folder, { stylesheets, scripts });
  }
}
