// Bank text as DOM nodes. On the site every text is markup already in the page (rendered by
// microneedling_course/core/markup.py), copied node by node and never parsed from a string; in
// JupyterLab the kernel sends Markdown source, which the module renders with the Markdown subset
// it installs through useMarkdown (so the site's bundle carries no Markdown parser).
import { node } from "./dom.js";

let renderSource = (text) => document.createTextNode(text);

// JupyterLab's entry installs markdown.js's renderMarkdown(text, phrasing).
export const useMarkdown = (render) => {
  renderSource = render;
};

// The phrasing form of rendered block markup (<p>, <ul>, <li> become spans of the same classes),
// for text that must sit inside a <legend> or <label>.
function asPhrasing(fragment) {
  for (const element of [...fragment.querySelectorAll("p, ul, ol, li")].reverse()) {
    const span = node("span", { class: `mnc-md-${{ P: "p", LI: "li" }[element.tagName] || "ul"}` });
    span.append(...element.childNodes);
    element.replaceWith(span);
  }
  return fragment;
}

// value: Markdown source (a string), or an element of the page whose children are the text.
export function richText(value, phrasing = false) {
  if (typeof value === "string" || value == null) return renderSource(value ?? "", phrasing);
  const fragment = document.createDocumentFragment();
  fragment.append(...[...value.childNodes].map((child) => child.cloneNode(true)));
  return phrasing ? asPhrasing(fragment) : fragment;
}

// The plain words of bank text (for aria-labels and <option>s).
export const plainText = (value) => richText(value, true).textContent;
