// One question's card: legend, controls, Check / hint / Try again, and the feedback region.
import { node, uid } from "../shared/dom.js";
import { richText } from "../shared/rich-text.js";
import { TYPE_NAMES, applyMarks, clearMarks, controlsFor, setLocked } from "./controls.js";
import { resultClass, resultDetails, verdictLine } from "./feedback.js";

export function questionCard(view, quiz, total, actions) {
  const practice = quiz.mode === "practice";
  const fieldset = node("fieldset", { class: "mnc-q", "data-question-id": view.id });
  const legend = node("legend", { class: "mnc-legend" });
  legend.append(node("span", { class: "mnc-q-number" }, `Question ${view.number} of ${total}`));
  const prompt = node("span", { class: "mnc-prompt" });
  prompt.append(richText(view.prompt, true));
  legend.append(prompt, node("span", { class: "mnc-instruction" }, TYPE_NAMES[view.type]));
  fieldset.append(legend);
  if (view.type === "case") {
    const story = node("div", { class: "mnc-vignette" });
    story.append(node("p", { class: "mnc-label" }, "Case"), richText(view.vignette));
    fieldset.append(story);
  }
  const status = node("p", { class: "mnc-visually-hidden", "aria-live": "polite" });
  const controls = controlsFor(view, (text) => {
    status.textContent = text;
  });
  fieldset.append(controls.element, status);
  const buttons = node("div", { class: "mnc-actions" });
  const check = node("button", { type: "button", class: "mnc-btn mnc-btn-primary" }, "Check");
  const retry = node("button", { type: "button", class: "mnc-btn", hidden: true }, "Try again");
  // Only the short verdict and score line is live: a screen reader announces those on Check,
  // and the feedback, explanation and sources follow in a plain region to read at will.
  const feedback = node("div", { class: "mnc-feedback" });
  const announcement = node("div", { class: "mnc-announcement", "aria-live": "polite", "aria-atomic": "true" });
  const details = node("div", { class: "mnc-feedback-details" });
  feedback.append(announcement, details);
  const say = (content, result = null) => {
    feedback.className = result ? `mnc-feedback ${resultClass(result)}` : "mnc-feedback";
    announcement.replaceChildren(...content);
    details.replaceChildren(...(result ? [resultDetails(result)] : []));
  };
  const note = (text) => say([node("p", { class: "mnc-note" }, text)]);
  if (practice) buttons.append(check);
  if (practice && view.hint) {
    const hintId = uid("hint");
    const toggle = node("button", { type: "button", class: "mnc-btn", "aria-expanded": "false", "aria-controls": hintId }, "Show hint");
    const hint = node("div", { class: "mnc-hint", id: hintId, hidden: true });
    hint.append(node("p", { class: "mnc-label" }, "Hint"), richText(view.hint));
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Hide hint" : "Show hint";
      hint.hidden = !open;
    });
    buttons.append(toggle);
    fieldset.append(buttons, hint, feedback);
  } else {
    fieldset.append(buttons, feedback);
  }
  if (practice && quiz.allow_retry) buttons.append(retry);
  check.addEventListener("click", () => {
    if (check.getAttribute("aria-disabled") === "true") return;
    const response = controls.read();
    if (response === null) {
      note("Choose or type an answer first, then press Check.");
      return;
    }
    actions.check(view, response);
  });
  retry.addEventListener("click", () => actions.reset(view));

  return {
    element: fieldset,
    view,
    read: () => controls.read(),
    waiting() {
      note("Checking…");
    },
    message(text) {
      note(text);
    },
    // spoken: what screen readers hear after the verdict (the quiz's running score).
    show(result, spoken = "") {
      clearMarks(controls);
      if (controls.showParts) controls.showParts(result);
      if (!result) {
        say([]);
        setLocked(controls, false);
        check.removeAttribute("aria-disabled");
        retry.hidden = true;
        return;
      }
      if (result.response !== undefined) controls.write(result.response);
      applyMarks(controls, result);
      setLocked(controls, true);
      check.setAttribute("aria-disabled", "true");
      retry.hidden = false;
      say([verdictLine(result, spoken)], result);
    },
    clearInputs() {
      controls.write(null);
    },
  };
}
