// The bank's safe Markdown subset (bold, italic, code, paragraphs, bullet lists), token for token
// the same as microneedling_course/markup.py (a property-based test runs both on the same texts).
// Linear time: each closing marker is found through a table built once per run of text, never by
// rescanning the rest of the line from every opening marker.
import { node } from "./dom.js";

// Only ASCII whitespace counts as space, in both languages (their Unicode classes differ).
const isSpace = (c) => c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v";
const strip = (text) => text.replace(/^[ \t\n\r\f\v]+|[ \t\n\r\f\v]+$/g, "");
const BULLET = /^[ \t\r\f\v]*- +([^\n]*)$/;

export function blocks(text) {
  const result = [];
  for (const chunk of strip(String(text ?? "")).split(/\n[ \t]*\n/)) {
    let chunkStart = true;
    for (const line of chunk.split("\n")) {
      const bullet = BULLET.exec(line);
      const kind = bullet ? "ul" : "p";
      const content = strip(bullet ? bullet[1] : line);
      if (!content) continue;
      const last = result[result.length - 1];
      if (last && last[0] === kind && !chunkStart) last[1].push(content);
      else result.push([kind, [content]]);
      chunkStart = false;
    }
  }
  return result;
}

// nextAt[p]: the first position >= p where test(p) holds (text.length when none).
function nextTable(text, test) {
  const table = new Array(text.length + 2).fill(text.length);
  for (let p = text.length - 1; p >= 0; p -= 1) table[p] = test(p) ? p : table[p + 1];
  return table;
}

// Splits text into runs: `inside` for each marked span (width = marker length), `outside` for the
// text between. opens(i) says whether a span may open at i; a span closes at the first position
// j >= i + width + 1 where closes(j) holds, with no line break in between.
function spans(text, width, opens, closes, inside, outside) {
  const tokens = [];
  const closer = nextTable(text, closes);
  const newline = nextTable(text, (p) => text[p] === "\n");
  let position = 0;
  let i = 0;
  while (i < text.length) {
    if (opens(i)) {
      const j = closer[i + width + 1];
      if (j < text.length && j < newline[i + width]) {
        tokens.push(...outside(text.slice(position, i)), [inside, text.slice(i + width, j)]);
        position = i = j + width;
        continue;
      }
    }
    i += 1;
  }
  tokens.push(...outside(text.slice(position)));
  return tokens;
}

const italic = (text) =>
  spans(
    text,
    1,
    (i) => text[i] === "*" && i + 1 < text.length && !isSpace(text[i + 1]) && text[i + 1] !== "*",
    (j) => text[j] === "*" && !isSpace(text[j - 1]) && text[j - 1] !== "*",
    "em",
    (plain) => [["text", plain]],
  );

const bold = (text) =>
  spans(
    text,
    2,
    (i) => text[i] === "*" && text[i + 1] === "*" && i + 2 < text.length && !isSpace(text[i + 2]),
    (j) => text[j] === "*" && text[j + 1] === "*" && !isSpace(text[j - 1]),
    "strong",
    italic,
  );

// Code spans first, so asterisks inside them stay literal.
export function inlineTokens(text) {
  const tokens = spans(text, 1, (i) => text[i] === "`" && text[i + 1] !== "`", (j) => text[j] === "`" && text[j - 1] !== "`", "code", bold);
  return tokens.filter((token) => token[1]);
}

function appendInline(parent, text) {
  for (const [kind, content] of inlineTokens(text)) {
    parent.append(kind === "text" ? document.createTextNode(content) : node(kind, {}, content));
  }
}

// Block Markdown as <p>/<ul>; with phrasing=true as spans, so it may sit inside a <legend>/<label>.
export function renderMarkdown(text, phrasing = false) {
  const fragment = document.createDocumentFragment();
  for (const [kind, lines] of blocks(text)) {
    if (kind === "ul") {
      const list = node(phrasing ? "span" : "ul", { class: "mnc-md-ul" });
      for (const line of lines) {
        const item = node(phrasing ? "span" : "li", { class: "mnc-md-li" });
        appendInline(item, line);
        list.append(item);
      }
      fragment.append(list);
    } else {
      const paragraph = node(phrasing ? "span" : "p", { class: "mnc-md-p" });
      lines.forEach((line, index) => {
        if (index) paragraph.append(document.createTextNode(" "));
        appendInline(paragraph, line);
      });
      fragment.append(paragraph);
    }
  }
  return fragment;
}
