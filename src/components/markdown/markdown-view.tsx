/**
 * @module
 * `dcc.Markdown`: renders Markdown text as Preact elements from the parsed tree. No HTML string
 * is ever handed to the DOM, raw HTML in the text shows as text, and link and image URLs go
 * through the same scheme check as every other URL. Loaded as its own chunk.
 */
import { h, type ComponentChild } from "preact";
import { rootAttributes, stringProp, type ViewProps } from "../../client/component-view.js";
import { parseMarkdown, type Block, type Inline } from "../../client/markdown-parse.js";
import { safeUrl } from "../../client/safe-url.js";
import type { MarkdownProps } from "./markdown.js";

function renderInline(nodes: readonly Inline[], linkTarget: string | undefined): ComponentChild[] {
  return nodes.map((node, index): ComponentChild => {
    switch (node.kind) {
      case "text":
        return node.text;
      case "break":
        return <br key={index} />;
      case "code":
        return <code key={index}>{node.text}</code>;
      case "strong":
        return <strong key={index}>{renderInline(node.children, linkTarget)}</strong>;
      case "em":
        return <em key={index}>{renderInline(node.children, linkTarget)}</em>;
      case "del":
        return <del key={index}>{renderInline(node.children, linkTarget)}</del>;
      case "image": {
        const src = safeUrl(node.src, true);
        return src === undefined ? node.alt : <img key={index} src={src} alt={node.alt} title={node.title} loading="lazy" />;
      }
      case "link": {
        const href = safeUrl(node.href);
        const children = renderInline(node.children, linkTarget);
        if (href === undefined) return <span key={index}>{children}</span>;
        const external = /^[a-z][a-z0-9+.-]*:/i.test(href);
        const target = linkTarget ?? (external ? "_blank" : undefined);
        return (
          <a key={index} href={href} title={node.title} target={target} rel={target === "_blank" ? "noopener noreferrer" : undefined}>
            {children}
          </a>
        );
      }
    }
  });
}

function renderBlocks(blocks: readonly Block[], linkTarget: string | undefined): ComponentChild[] {
  return blocks.map((block, index): ComponentChild => {
    switch (block.kind) {
      case "heading":
        return h(`h${block.level}`, { key: index }, renderInline(block.children, linkTarget));
      case "paragraph":
        return <p key={index}>{renderInline(block.children, linkTarget)}</p>;
      case "code":
        return (
          <pre key={index}>
            <code class={block.lang === "" ? undefined : `language-${block.lang}`}>{block.text}</code>
          </pre>
        );
      case "quote":
        return <blockquote key={index}>{renderBlocks(block.children, linkTarget)}</blockquote>;
      case "rule":
        return <hr key={index} />;
      case "list": {
        const items = block.items.map((item, itemIndex) => {
          // a single-paragraph item reads better without the paragraph's margins
          const only = item.length === 1 && item[0]?.kind === "paragraph" ? item[0] : undefined;
          return <li key={itemIndex}>{only !== undefined ? renderInline(only.children, linkTarget) : renderBlocks(item, linkTarget)}</li>;
        });
        return block.ordered ? (
          <ol key={index} start={block.start === 1 ? undefined : block.start}>
            {items}
          </ol>
        ) : (
          <ul key={index}>{items}</ul>
        );
      }
      case "table":
        return (
          <table key={index}>
            <thead>
              <tr>
                {block.head.map((cell, column) => (
                  <th key={column} scope="col" style={block.align[column] ? { textAlign: block.align[column] ?? undefined } : undefined}>
                    {renderInline(cell, linkTarget)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, column) => (
                    <td key={column} style={block.align[column] ? { textAlign: block.align[column] ?? undefined } : undefined}>
                      {renderInline(cell, linkTarget)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        );
    }
  });
}

/** `dcc.Markdown`. */
export default function MarkdownView(view: ViewProps<MarkdownProps>): ComponentChild {
  const children = view.props.children;
  const text = Array.isArray(children)
    ? children.filter((part) => typeof part === "string").join("\n")
    : typeof children === "string"
      ? children
      : "";
  return (
    <div {...rootAttributes(view, "dashbase-markdown")}>{renderBlocks(parseMarkdown(text), stringProp(view.props, "link_target"))}</div>
  );
}
