// The answer controls of each question type: read, write, lock and mark a response. Choice and
// numeric questions are here; more-types.js adds ordering, matching and case questions (the
// site's quiz-site.js, for pages with choice and numeric questions only, leaves them out). Every
// text comes in through richText (Markdown from the kernel, or a copy of the page's own markup).
import { node, uid } from "../shared/dom.js";
import { plainText, richText } from "../shared/rich-text.js";
import { resultBlock } from "./feedback.js";

// What each type asks the trainee to do (more-types.js adds its three).
export const TYPE_NAMES = {
  single: "Choose one answer.",
  multiple: "Select all that apply.",
  truefalse: "Choose one.",
  numeric: "Type a number.",
};

function choiceControls(view) {
  const multiple = view.type === "multiple";
  const box = node("div", { class: "mnc-options" });
  const name = uid("q");
  const options = view.type === "truefalse"
    ? [{ index: true, text: view.true_label }, { index: false, text: view.false_label }]
    : view.options;
  const inputs = options.map((option) => {
    const label = node("label", { class: "mnc-option" });
    const input = node("input", { type: multiple ? "checkbox" : "radio", name, value: String(option.index) });
    input.mncValue = option.index;
    label.append(input, node("span", { class: "mnc-option-text" }));
    label.lastChild.append(richText(option.text, true));
    box.append(label);
    return input;
  });
  return {
    element: box,
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
      const value = Number(text);
      return text !== "" && Number.isFinite(value) ? value : null;
    },
    write(response) {
      input.value = response == null ? "" : String(response);
    },
    markFor: () => [],
    inputs: [input],
  };
}

// Question type -> its controls(view, announce); more-types.js adds its three.
const CONTROLS = { single: choiceControls, multiple: choiceControls, truefalse: choiceControls, numeric: numericControls };

export const controlsFor = (view, announce) => CONTROLS[view.type](view, announce);
export const addControls = (more) => Object.assign(CONTROLS, more);

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
