/**
 * @module
 * A small Markdown reader (the common subset: headings, paragraphs, emphasis, code, links,
 * images, lists, block quotes, rules and pipe tables) that returns a tree of plain data. Raw HTML
 * is kept as text, never parsed, so the view can only ever create the elements named here.
 */

/** Inline content. */
export type Inline =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "strong" | "em" | "del"; readonly children: Inline[] }
  | { readonly kind: "code"; readonly text: string }
  | { readonly kind: "link"; readonly href: string; readonly title?: string; readonly children: Inline[] }
  | { readonly kind: "image"; readonly src: string; readonly alt: string; readonly title?: string }
  | { readonly kind: "break" };

/** Block content. */
export type Block =
  | { readonly kind: "heading"; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly children: Inline[] }
  | { readonly kind: "paragraph"; readonly children: Inline[] }
  | { readonly kind: "code"; readonly lang: string; readonly text: string }
  | { readonly kind: "quote"; readonly children: Block[] }
  | { readonly kind: "list"; readonly ordered: boolean; readonly start: number; readonly items: Block[][] }
  | { readonly kind: "rule" }
  | { readonly kind: "table"; readonly align: Array<"left" | "center" | "right" | null>; readonly head: Inline[][]; readonly rows: Inline[][][] };

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const LIST_ITEM = /^( {0,3})([-*+]|\d{1,9}[.)])(\s+|$)(.*)$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

function splitRow(line: string): string[] {
  let text = line.trim();
  if (text.startsWith("|")) text = text.slice(1);
  if (text.endsWith("|") && !text.endsWith("\\|")) text = text.slice(0, -1);
  const cells: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\\" && text[i + 1] === "|") {
      current += "|";
      i++;
    } else if (char === "|") {
      cells.push(current.trim());
      current = "";
    } else current += char;
  }
  cells.push(current.trim());
  return cells;
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

/**
 * Reads Markdown into blocks.
 *
 * @example
 * parseMarkdown("# Hi\n\nSome *text*.");
 * // [{ kind: "heading", level: 1, ... }, { kind: "paragraph", ... }]
 */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").replace(/\t/g, "    ").split("\n");
  return parseBlocks(lines);
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence !== null) {
      const marker = fence[1] ?? "```";
      const body: string[] = [];
      i++;
      while (i < lines.length && !(lines[i] ?? "").trim().startsWith(marker)) body.push(lines[i++] ?? "");
      i++;
      blocks.push({ kind: "code", lang: fence[2] ?? "", text: body.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading !== null) {
      const level = (heading[1] ?? "#").length as 1 | 2 | 3 | 4 | 5 | 6;
      blocks.push({ kind: "heading", level, children: parseInline(heading[2] ?? "") });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ kind: "rule" });
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (lines[i] ?? "").trim() !== "") {
        const quoted = QUOTE.exec(lines[i] ?? "");
        body.push(quoted === null ? (lines[i] ?? "") : (quoted[1] ?? ""));
        i++;
      }
      blocks.push({ kind: "quote", children: parseBlocks(body) });
      continue;
    }
    if (/^ {4}/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && (/^ {4}/.test(lines[i] ?? "") || (lines[i] ?? "").trim() === "")) body.push((lines[i++] ?? "").slice(4));
      blocks.push({ kind: "code", lang: "", text: body.join("\n").replace(/\n+$/, "") });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item !== null) {
      i = parseList(lines, i, blocks);
      continue;
    }
    const next = lines[i + 1] ?? "";
    if (line.includes("|") && TABLE_DELIMITER.test(next) && next.includes("-")) {
      const head = splitRow(line);
      const align = splitRow(next).map((cell) => {
        const left = cell.startsWith(":");
        const right = cell.endsWith(":");
        return left && right ? "center" : right ? "right" : left ? "left" : null;
      });
      i += 2;
      const rows: Inline[][][] = [];
      while (i < lines.length && (lines[i] ?? "").includes("|") && (lines[i] ?? "").trim() !== "") {
        const cells = splitRow(lines[i++] ?? "");
        rows.push(head.map((_, column) => parseInline(cells[column] ?? "")));
      }
      blocks.push({ kind: "table", align, head: head.map((cell) => parseInline(cell)), rows });
      continue;
    }
    const body: string[] = [];
    while (i < lines.length && (lines[i] ?? "").trim() !== "" && (body.length === 0 || !startsBlock(lines[i] ?? ""))) body.push(lines[i++] ?? "");
    blocks.push({ kind: "paragraph", children: parseInline(body.join("\n")) });
  }
  return blocks;
}

function parseList(lines: string[], start: number, blocks: Block[]): number {
  const first = LIST_ITEM.exec(lines[start] ?? "");
  const ordered = first !== null && /\d/.test(first[2] ?? "");
  const items: Block[][] = [];
  let i = start;
  while (i < lines.length) {
    const match = LIST_ITEM.exec(lines[i] ?? "");
    if (match === null || /\d/.test(match[2] ?? "") !== ordered) break;
    const indent = (match[1] ?? "").length + (match[2] ?? "").length + Math.max(1, (match[3] ?? " ").length);
    const body = [match[4] ?? ""];
    i++;
    while (i < lines.length) {
      const line = lines[i] ?? "";
      if (line.trim() === "") {
        const following = lines[i + 1] ?? "";
        if (following.startsWith(" ".repeat(Math.min(indent, 4))) && following.trim() !== "") {
          body.push("");
          i++;
          continue;
        }
        break;
      }
      const indented = /^\s*/.exec(line)?.[0].length ?? 0;
      if (indented >= Math.min(indent, 4)) body.push(line.slice(Math.min(indent, indented)));
      else if (LIST_ITEM.test(line) || startsBlock(line)) break;
      else body.push(line); // a lazy continuation of the item's paragraph
      i++;
    }
    items.push(parseBlocks(body));
    while (i < lines.length && (lines[i] ?? "").trim() === "" && LIST_ITEM.test(lines[i + 1] ?? "")) i++;
  }
  blocks.push({ kind: "list", ordered, start: ordered ? Number.parseInt(first?.[2] ?? "1", 10) : 1, items });
  return i;
}

const ESCAPABLE = "\\`*_{}[]()#+-.!|~<>\"'";

function findClosing(text: string, from: number, marker: string): number {
  let i = from;
  while (i < text.length) {
    if (text[i] === "\\") {
      i += 2;
      continue;
    }
    if (text[i] === "`") {
      const end = text.indexOf("`", i + 1);
      i = end === -1 ? i + 1 : end + 1;
      continue;
    }
    if (text.startsWith(marker, i) && (marker.length > 1 || text[i + 1] !== marker) && text[i - 1] !== " ") return i;
    i++;
  }
  return -1;
}

function linkTarget(text: string, open: number): { end: number; href: string; title?: string } | null {
  if (text[open] !== "(") return null;
  let close = -1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close === -1) return null;
  const inside = text.slice(open + 1, close).trim();
  const match = /^<?([^\s>]*)>?(?:\s+["'](.*)["'])?$/.exec(inside);
  if (match === null) return null;
  return { end: close + 1, href: match[1] ?? "", ...(match[2] === undefined ? {} : { title: match[2] }) };
}

function findBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "[") depth++;
    else if (text[i] === "]" && --depth === 0) return i;
  }
  return -1;
}

/** Reads inline Markdown (emphasis, code, links, images, breaks). */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let buffer = "";
  const flush = (): void => {
    if (buffer !== "") out.push({ kind: "text", text: buffer });
    buffer = "";
  };
  let i = 0;
  while (i < text.length) {
    const char = text[i] ?? "";
    if (char === "\\" && i + 1 < text.length) {
      const next = text[i + 1] ?? "";
      if (next === "\n") {
        flush();
        out.push({ kind: "break" });
        i += 2;
        continue;
      }
      if (ESCAPABLE.includes(next)) {
        buffer += next;
        i += 2;
        continue;
      }
    }
    if (char === "\n") {
      if (buffer.endsWith("  ")) {
        buffer = buffer.replace(/ +$/, "");
        flush();
        out.push({ kind: "break" });
      } else buffer += " ";
      i++;
      continue;
    }
    if (char === "`") {
      const ticks = /^`+/.exec(text.slice(i))?.[0] ?? "`";
      const end = text.indexOf(ticks, i + ticks.length);
      if (end !== -1) {
        flush();
        out.push({ kind: "code", text: text.slice(i + ticks.length, end).replace(/\n/g, " ").trim() });
        i = end + ticks.length;
        continue;
      }
    }
    if (char === "!" && text[i + 1] === "[") {
      const close = findBracket(text, i + 1);
      const target = close === -1 ? null : linkTarget(text, close + 1);
      if (target !== null) {
        flush();
        out.push({ kind: "image", src: target.href, alt: text.slice(i + 2, close), ...(target.title === undefined ? {} : { title: target.title }) });
        i = target.end;
        continue;
      }
    }
    if (char === "[") {
      const close = findBracket(text, i);
      const target = close === -1 ? null : linkTarget(text, close + 1);
      if (target !== null) {
        flush();
        out.push({ kind: "link", href: target.href, children: parseInline(text.slice(i + 1, close)), ...(target.title === undefined ? {} : { title: target.title }) });
        i = target.end;
        continue;
      }
    }
    if (char === "<") {
      const auto = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/.exec(text.slice(i));
      if (auto !== null && auto[1] !== undefined) {
        flush();
        out.push({ kind: "link", href: auto[1], children: [{ kind: "text", text: auto[1].replace(/^mailto:/, "") }] });
        i += auto[0].length;
        continue;
      }
    }
    const emphasis = (["**", "__", "~~", "*", "_"] as const).find((marker) => text.startsWith(marker, i));
    if (emphasis !== undefined && text[i + emphasis.length] !== " " && text[i + emphasis.length] !== undefined) {
      const intraword = emphasis[0] === "_" && /\w/.test(text[i - 1] ?? "");
      const end = intraword ? -1 : findClosing(text, i + emphasis.length, emphasis);
      if (end > i + emphasis.length - 1 && end !== i + emphasis.length) {
        flush();
        const kind = emphasis === "~~" ? "del" : emphasis.length === 2 ? "strong" : "em";
        out.push({ kind, children: parseInline(text.slice(i + emphasis.length, end)) });
        i = end + emphasis.length;
        continue;
      }
    }
    buffer += char;
    i++;
  }
  flush();
  return out;
}
