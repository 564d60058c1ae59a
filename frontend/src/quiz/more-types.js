// Ordering, matching and case questions: their controls and their grading (the same rules as
// grading.py; the shared cases in tests/shared/grading_cases.yml run through both). JupyterLab's
// quiz.js and the site's quiz-site-all.js add them; the site's quiz-site.js, for pages whose quizzes
// hold only choice and numeric questions, leaves them out.
import { node, uid } from "../shared/dom.js";
import { plainText, richText } from "../shared/rich-text.js";
import { TYPE_NAMES, addControls, applyMarks, clearMarks, controlsFor, setLocked } from "./controls.js";
import { resultBlock } from "./feedback.js";
import { ResponseError, UNANSWERED, addGraders, gradeResponse, graded, index, unanswered, verdictFor } from "./grading.js";

export function addMoreTypes() {
  Object.assign(TYPE_NAMES, {
    ordering: "Put the items in order with the Move up and Move down buttons.",
    matching: "Choose a match for each item.",
    case: "Read the case, then answer every part.",
  });
  addMoreGraders();
  addMoreControls();
}

function addMoreGraders() {
  const isList = Array.isArray;
  addGraders({
    ordering(q, response) {
      const count = q.items.length;
      if (!isList(response) || response.length !== count) {
        throw new ResponseError(`an ordering response should list all ${count} item indices`);
      }
      const order = response.map((v) => index(v, count, "an item"));
      if (new Set(order).size !== count) throw new ResponseError("an ordering response should use each item once");
      const inPlace = order.map((item, position) => item === position);
      return graded(inPlace.filter(Boolean).length / count, [], inPlace);
    },
    matching(q, response) {
      const count = q.pairs.length;
      if (!isList(response) || response.length !== count) {
        throw new ResponseError(`a matching response should have one entry per left item (${count})`);
      }
      const picks = response.map((v) => (v === null ? null : index(v, q.choices.length, "a chosen match")));
      if (picks.every((pick) => pick === null)) return unanswered();
      const right = picks.map((pick, i) => pick === q.answer[i]);
      const feedback = q.pairs.filter((pair, i) => !right[i]).map((pair) => pair.feedback);
      return graded(right.filter(Boolean).length / count, feedback, right);
    },
    case(q, response) {
      const answers = response ?? {};
      if (typeof answers !== "object" || isList(answers)) {
        throw new ResponseError("a case response should map part ids to responses");
      }
      const ids = new Set(q.parts.map((part) => part.id));
      const unknown = Object.keys(answers).filter((id) => !ids.has(id));
      if (unknown.length) throw new ResponseError(`unknown case part(s): ${unknown.sort().join(", ")}`);
      const parts = {};
      for (const part of q.parts) parts[part.id] = gradeResponse(part, answers[part.id] ?? null);
      const grades = Object.values(parts);
      if (grades.every((grade) => grade.verdict === UNANSWERED)) {
        return { score: 0, verdict: UNANSWERED, feedback: [], parts };
      }
      const score = Math.round((grades.reduce((sum, g) => sum + g.score, 0) / grades.length) * 1e6) / 1e6;
      return { score, verdict: verdictFor(score), feedback: [], parts };
    },
  });
}

function addMoreControls() {

  function orderingControls(view, announce) {
    const list = node("ol", { class: "mnc-order" });
    let order = view.items.map((item) => item.index);
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
      const locked = list.classList.contains("mnc-locked");
      order.forEach((itemIndex, position) => {
        const { row, up, down } = rows.get(itemIndex);
        up.disabled = position === 0 || locked;
        down.disabled = position === order.length - 1 || locked;
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
        order = Array.isArray(response) && response.length === order.length ? [...response] : view.items.map((item) => item.index);
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
    };
  }

  function matchingControls(view) {
    const box = node("div", { class: "mnc-match" });
    const selects = view.lefts.map((left) => {
      const id = uid("m");
      const row = node("div", { class: "mnc-match-row" });
      const label = node("label", { for: id, class: "mnc-match-left" });
      label.append(richText(left.text, true));
      const select = node("select", { id, class: "mnc-select" });
      select.append(node("option", { value: "" }, "Choose…"));
      for (const choice of view.choices) select.append(node("option", { value: String(choice.index) }, plainText(choice.text)));
      // A closed select shows one line: the whole chosen text is repeated below it, so a long
      // match is never cut off (screen readers hear it from the select itself).
      const chosen = node("span", { class: "mnc-match-chosen", "aria-hidden": "true" });
      select.mncShowChoice = () => {
        chosen.textContent = select.value === "" ? "" : select.selectedOptions[0].textContent;
      };
      select.addEventListener("change", select.mncShowChoice);
      row.append(label, select, chosen);
      box.append(row);
      return select;
    });
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

  addControls({ ordering: orderingControls, matching: matchingControls, case: caseControls });
}
