// The less common parts of the quiz: ordering, matching and case questions (how the site reads
// them from the markup, their controls, their grading by the rules of grading.py, whose shared
// cases run through both) and the assessment mode. On the site this is its own small file, loaded
// only by pages whose quiz needs it; it imports nothing and builds with the kit the quiz module
// hands it (its ids, text helpers, marks, ResponseError and registries), so nothing is shipped
// twice and both files share one set of page-unique ids.

import extrasStyles from "./extras.css?text";

// On the site the module brings its styles (JupyterLab's quiz.css has them already).
export const styles = extrasStyles;

// The site's entry: all four. JupyterLab's quiz.js takes all but the markup readers.
export function addExtras(kit) {
  addReaders(kit);
  addGraders(kit);
  addControls(kit);
  addAssessment(kit);
}

export function addReaders({ child, entries, feedbackList, questionFrom, addReaders: add }) {
  add({
    ordering(item, view, key) {
      view.items = key.items = entries(item, "items");
    },
    matching(item, view, key, known, texts) {
      view.lefts = entries(item, "lefts");
      view.choices = key.choices = entries(item, "choices");
      key.pairs = feedbackList(view.lefts.length, texts);
    },
    case(item, view, key, known, texts, answers) {
      view.vignette = child(item, ".mnc-static-vignette");
      const parts = [...child(item, '[data-k="parts"]').children].map((part) => {
        const partAnswers = [...(answers?.children || [])].find((element) => element.dataset.part === part.dataset.id);
        return questionFrom(part, known.parts || {}, view.module, partAnswers);
      });
      view.parts = parts.map((part) => part.view);
      key.parts = parts.map((part) => part.key);
    },
  });
}

// One Submit button under the questions; nothing is shown until it is pressed.
export function addAssessment({ node, addModes }) {
  addModes({
    assessment: {
      intro: "Answer every question, then press Submit all answers at the end. You see the results after submitting.",
      // Before submitting: how many questions; after: the score, also in the bar's summary.
      score({ quiz, results, correct, summary }) {
        const total = quiz.questions.length;
        const done = quiz.questions.filter((view) => results[view.id]);
        if (done.length < total) return `${total} questions. Not submitted yet.`;
        const points = done.reduce((sum, view) => sum + (results[view.id].score || 0), 0);
        const percent = Math.round((100 * points) / total);
        return (summary.textContent = `You scored ${Math.round(points * 10) / 10} of ${total} (${percent}%). ${correct()} of ${total} fully correct.`);
      },
      // The score is announced once, in the summary, not after every question.
      spoken: () => "",
      bar(quizView, host) {
        const bar = node("div", { class: "mnc-submit" });
        const submit = node("button", { type: "button", class: "mnc-btn mnc-btn-primary" }, "Submit all answers");
        const summary = (quizView.summary = node("p", { class: "mnc-summary", "aria-live": "polite" }));
        let confirmed = false;
        submit.addEventListener("click", () => {
          if (submit.getAttribute("aria-disabled") === "true") return;
          const responses = {};
          const missing = [];
          for (const view of quizView.quiz.questions) {
            const value = quizView.cards.get(view.id).read();
            if (value === null) missing.push(view.number);
            else responses[view.id] = value;
          }
          if (missing.length && !confirmed) {
            confirmed = true;
            summary.textContent = `Not answered yet: question ${missing.join(", ")}. Press Submit all answers again to submit anyway.`;
            return;
          }
          submit.setAttribute("aria-disabled", "true");
          host.submitAll(responses);
        });
        bar.append(submit, summary);
        return bar;
      },
    },
  });
}

export function addGraders({ ResponseError, UNANSWERED, graded, index, unanswered, verdictFor, gradeResponse, addGraders: add }) {
  const isList = Array.isArray;
  add({
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

export function addControls(kit) {
  const { TYPE_NAMES, node, uid, richText, plainText, resultBlock, controlsFor, setLocked, clearMarks, applyMarks } = kit;

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

  kit.addControls({ ordering: orderingControls, matching: matchingControls, case: caseControls });
}
