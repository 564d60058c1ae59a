// DOM helpers every widget uses. Bank and data text only ever enters the page as text nodes
// (textContent), never as HTML.

// An element with attributes and optional text. `class` sets the class list; false or null
// attributes are left out and true becomes an empty attribute.
export function node(tag, attributes = {}, text) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  if (text != null) element.textContent = String(text);
  return element;
}

// The short form the labs use: a tag, its class (or null) and its text.
export const make = (tag, className, text) => node(tag, className ? { class: className } : {}, text);

let counter = 0;
// An id unique in the page (several widgets, and several copies of one, may share a page).
export const uid = (stem) => `mnc-${stem}-${++counter}`;

// A pill-shaped radio button (the labs' group and day pickers): a label holding the input.
export function pillRadio({ name, value, text, checked, onSelect }) {
  const label = node("label", { class: "mnc-pill" });
  const input = node("input", { type: "radio", name, value });
  input.checked = Boolean(checked);
  input.addEventListener("change", () => {
    if (input.checked) onSelect(value);
  });
  label.append(input, node("span", {}, text));
  return label;
}

// A fieldset of pill radios with its legend kept a field label (not the theme's big heading).
export function pillGroup(legend, pills, className = "") {
  const group = node("fieldset", { class: `mnc-pill-group ${className}`.trim() });
  const choices = node("div", { class: "mnc-pills" });
  choices.append(...pills);
  group.append(node("legend", { class: "mnc-field-legend" }, legend), choices);
  return group;
}

// A number field that applies on Enter as well as on change (a trainee expects Enter to work).
export function onNumberCommit(input, apply) {
  input.addEventListener("change", apply);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      // JupyterLab would otherwise take Enter as a notebook shortcut.
      event.preventDefault();
      event.stopPropagation();
      apply();
    }
  });
}

// "Sources: a; b" from reference keys and their short labels.
export const sourcesText = (keys, labels) => `Sources: ${keys.map((key) => labels[key] || key).join("; ")}`;
