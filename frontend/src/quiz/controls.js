// The answer controls of each question type: read, write, lock and mark a response. Every text
// comes in through richText (Markdown from the kernel, or a copy of the page's own markup).
import { node, uid } from "../shared/dom.js";
import { plainText, richText } from "../shared/markdown.js";
import { resultBlock } from "./feedback.js";

export const TYPE_NAMES = {
  single: "Choose one answer.",
  multiple: "Select all that apply.",
  truefalse: "Choose one.",
  numeric: "Type a number.",
  ordering: "Put the items in order with the Move up and Move down buttons.",
  matching: "Choose a match for each item.",
  case: "Read the case, then answer every part.",
};
const isList = Array.isArray;

function choiceControls(view, multiple) {
  const box = node("div", { class: "mnc-options" });
  const name = uid("q");
  const inputs = [];
  const options = view.type === "truefalse"
    ? [{ index: true, text: view.true_label }, { index: false, text: view.false_label }]
    : view.options;
  for (const option of options) {
    const label = node("label", { class: "mnc-option" });
    const input = node("input", { type: multiple ? "checkbox" : "radio", name, value: String(option.index) });
    input.mncValue = option.index;
    label.append(input, node("span", { class: "mnc-option-text" }));
    label.lastChild.append(richText(option.text, true));
    inputs.push(input);
    box.append(label);
  }
  return {
    element: box,
    marks: inputs.map((input) => input.closest("label")),
    read() {
      const checked = inputs.filter((input) => input.checked).map((input) => input.mncValue);
      if (multiple) return checked.length ? checked : null;
      return checked.length ? checked[0] : null;
    },
    write(response) {
      const wanted = multiple ? response || [] : [response];
      for (const input of inputs) input.checked = wanted.includes(input.mncValue);
    },
    markFor(result) {
      if (!multiple || !result.item_correct) return [];
      const chosen = [...new Set(result.response || [])].sort((a, b) => a - b);
      return chosen.map((value, i) => [inputs.find((input) => input.mncValue === value), result.item_correct[i]]);
    },
    inputs,
  };
}

function numericControls(view) {
  const label = node("label", { class: "mnc-numeric" });
  const input = node("input", { type: "number", step: "any", inputmode: "decimal", class: "mnc-number" });
  label.append(node("span", {}, "Your answer"), input);
  if (view.unit) label.append(node("span", { class: "mnc-unit" }, view.unit));
  return {
    element: label,
    read() {
      const text = input.value.trim().replace(",", ".");
      if (text === "") return null;
      const value = Number(text);
      return Number.isFinite(value) ? value : null;
    },
    write(response) {
      input.value = response == null ? "" : String(response);
    },
    markFor: () => [],
    inputs: [input],
  };
}

function orderingControls(view, announce) {
  const list = node("ol", { class: "mnc-order" });
  let order = view.items.map((item) => item.index);
  const textOf = new Map(view.items.map((item) => [item.index, item.text]));
  const rows = new Map();
  for (const item of view.items) {
    const row = node("li", { class: "mnc-order-item" });
    const label = node("span", { class: "mnc-order-text" });
    label.append(richText(item.text, true));
    const plain = label.textContent;
    const up = node("button", { type: "button", class: "mnc-btn mnc-btn-small", "aria-label": `Move up: ${plain}` }, "▲ Up");
    const down = node("button", { type: "button", class: "mnc-btn mnc-btn-small", "aria-label": `Move down: ${plain}` }, "▼ Down");
    up.addEventListener("click", () => move(item.index, -1, up, down));
    down.addEventListener("click", () => move(item.index, 1, down, up));
    row.append(label, node("span", { class: "mnc-order-buttons" }));
    row.lastChild.append(up, down);
    rows.set(item.index, { row, up, down, plain });
  }
  function layout() {
    order.forEach((itemIndex, position) => {
      const { row, up, down } = rows.get(itemIndex);
      up.disabled = position === 0 || list.classList.contains("mnc-locked");
      down.disabled = position === order.length - 1 || list.classList.contains("mnc-locked");
      list.append(row);
    });
  }
  function move(itemIndex, step, pressed, other) {
    const from = order.indexOf(itemIndex);
    const to = from + step;
    if (to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, itemIndex);
    layout();
    (pressed.disabled ? other : pressed).focus();
    announce(`${rows.get(itemIndex).plain}: now ${to + 1} of ${order.length}.`);
  }
  layout();
  return {
    element: list,
    read: () => [...order],
    write(response) {
      if (isList(response) && response.length === order.length) order = [...response];
      else order = view.items.map((item) => item.index);
      layout();
    },
    markFor(result) {
      return (result.item_correct || []).map((ok, position) => [rows.get(order[position]).row, ok]);
    },
    lock(locked) {
      list.classList.toggle("mnc-locked", locked);
      layout();
    },
    inputs: [],
    textOf,
  };
}

function matchingControls(view) {
  const box = node("div", { class: "mnc-match" });
  const selects = [];
  for (const left of view.lefts) {
    const id = uid("m");
    const row = node("div", { class: "mnc-match-row" });
    const label = node("label", { for: id, class: "mnc-match-left" });
    label.append(richText(left.text, true));
    const select = node("select", { id, class: "mnc-select" });
    select.append(node("option", { value: "" }, "Choose…"));
    for (const choice of view.choices) {
      const option = node("option", { value: String(choice.index) });
      option.textContent = plainText(choice.text);
      select.append(option);
    }
    // A closed select shows one line: the whole chosen text is repeated below it, so a long
    // match is never cut off (screen readers hear it from the select itself).
    const chosen = node("span", { class: "mnc-match-chosen", "aria-hidden": "true" });
    const showChoice = () => {
      chosen.textContent = select.value === "" ? "" : select.selectedOptions[0].textContent;
    };
    select.addEventListener("change", showChoice);
    select.mncShowChoice = showChoice;
    row.append(label, select, chosen);
    box.append(row);
    selects.push(select);
  }
  return {
    element: box,
    read() {
      const picks = selects.map((select) => (select.value === "" ? null : Number(select.value)));
      return picks.every((pick) => pick === null) ? null : picks;
    },
    write(response) {
      selects.forEach((select, i) => {
        select.value = response && response[i] != null ? String(response[i]) : "";
        select.mncShowChoice();
      });
    },
    markFor(result) {
      return (result.item_correct || []).map((ok, i) => [selects[i].closest(".mnc-match-row"), ok]);
    },
    inputs: selects,
  };
}

export function controlsFor(view, announce) {
  if (view.type === "single" || view.type === "truefalse") return choiceControls(view, false);
  if (view.type === "multiple") return choiceControls(view, true);
  if (view.type === "numeric") return numericControls(view);
  if (view.type === "ordering") return orderingControls(view, announce);
  if (view.type === "matching") return matchingControls(view);
  return caseControls(view, announce);
}

function caseControls(view, announce) {
  const box = node("div", { class: "mnc-parts" });
  const parts = view.parts.map((part, i) => {
    const fieldset = node("fieldset", { class: "mnc-part" });
    const legend = node("legend", { class: "mnc-part-legend" });
    legend.append(node("span", { class: "mnc-part-number" }, `Part ${i + 1}. `), richText(part.prompt, true));
    legend.append(node("span", { class: "mnc-instruction" }, ` ${TYPE_NAMES[part.type]}`));
    const controls = controlsFor(part, announce);
    const feedback = node("div", { class: "mnc-part-feedback" });
    fieldset.append(legend, controls.element, feedback);
    box.append(fieldset);
    return { part, controls, feedback };
  });
  return {
    element: box,
    read() {
      const response = {};
      for (const { part, controls } of parts) {
        const value = controls.read();
        if (value !== null) response[part.id] = value;
      }
      return Object.keys(response).length ? response : null;
    },
    write(response) {
      for (const { part, controls } of parts) controls.write(response ? response[part.id] ?? null : null);
    },
    markFor: () => [],
    lock(locked) {
      for (const { controls } of parts) setLocked(controls, locked);
    },
    showParts(result) {
      for (const { part, controls, feedback } of parts) {
        feedback.replaceChildren();
        const partResult = result && result.parts ? result.parts[part.id] : null;
        clearMarks(controls);
        if (!partResult) continue;
        feedback.append(resultBlock(partResult, false));
        applyMarks(controls, { ...partResult, response: (result.response || {})[part.id] });
      }
    },
    inputs: [],
  };
}


export function setLocked(controls, locked) {
  if (controls.lock) controls.lock(locked);
  for (const input of controls.inputs) input.disabled = locked;
}

export function clearMarks(controls) {
  for (const element of controls.element.querySelectorAll(".mnc-mark")) element.remove();
  for (const element of controls.element.querySelectorAll(".mnc-right, .mnc-wrong")) {
    element.classList.remove("mnc-right", "mnc-wrong");
  }
}

export function applyMarks(controls, result) {
  for (const [element, ok] of controls.markFor(result)) {
    const target = element.closest("label, li, .mnc-match-row") || element;
    target.classList.add(ok ? "mnc-right" : "mnc-wrong");
    target.append(node("span", { class: "mnc-mark" }, ok ? " ✓ right" : " ✗ wrong"));
  }
}
