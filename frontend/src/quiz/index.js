// The course quiz: one self-contained ES module for JupyterLab (anywidget) and the site. In
// JupyterLab the kernel grades (model "submission" -> "results"); on the site ("host" is "static")
// gradeResponse grades with the same rules as grading.py (shared cases run through both), and the
// questions are read from the page's no-JavaScript markup plus a small key (from-markup.js).
import { node, uid } from "../shared/dom.js";
import { mountOnSite } from "../shared/site-host.js";
import { announce, recordAnswer } from "../shared/site-progress.js";
import { questionCard } from "./card.js";
import { quizFromMarkup } from "./from-markup.js";
import { gradeResponse } from "./grading.js";

export { gradeResponse, ResponseError } from "./grading.js";
export { blocks, inlineTokens } from "../shared/markdown.js";

const KERNEL_TIMEOUT_MS = 8000;

// A grade plus what the static host shows after it (the kernel sends the same shape).
function staticResult(key, response) {
  const result = { ...gradeResponse(key, response), response };
  Object.assign(result, { explanation: key.explanation, citations: key.citations, solution: key.solution });
  for (const part of key.parts || []) {
    Object.assign(result.parts[part.id], {
      explanation: part.explanation,
      citations: part.citations,
      solution: part.solution,
    });
  }
  return result;
}

// Keeps one answer in this browser; returns a notice for the trainee ("" when all went well).
function recordProgress(question, result, quiz) {
  // Assessment answers are kept under the assessment's own module id (e.g. "final-assessment")
  // so the progress page can tell a submitted assessment from practice on the same questions.
  const assessed = quiz && quiz.mode === "assessment" && quiz.module;
  return recordAnswer({
    module: assessed ? quiz.module : question.module,
    question_id: question.id,
    response: result.response,
    verdict: result.verdict,
    score: result.score,
    time: new Date().toISOString(),
  });
}

function render({ model, el }) {
  const quiz = model.get("quiz") || { questions: [] };
  const isStatic = model.get("host") === "static";
  const keyed = new Map(quiz.questions.map((view) => [view.id, view]));
  const total = quiz.questions.length;
  const pending = new Map();
  const root = node("section", { class: "mnc-card mnc-quiz" });
  const titleId = uid("title");
  root.setAttribute("aria-labelledby", titleId);
  root.append(node("h3", { class: "mnc-quiz-title", id: titleId }, quiz.title || "Quiz"));
  const intro = quiz.mode === "assessment"
    ? "Answer every question, then press Submit all answers at the end. You see the results after submitting."
    : "Answer a question, then press Check to see feedback. Use Try again to have another go.";
  root.append(node("p", { class: "mnc-intro" }, intro));
  const score = node("p", { class: "mnc-score" });
  const notice = node("p", { class: "mnc-notice", role: "status", hidden: true });
  root.append(score, notice);
  const list = node("ol", { class: "mnc-questions" });
  root.append(list);

  let results = { ...(model.get("results") || {}) };
  const actions = {
    check(view, response) {
      if (isStatic) return settle({ [view.id]: staticResult(view.key, response) }, true);
      const nonce = uid("n");
      pending.set(nonce, [view.id]);
      cards.get(view.id).waiting();
      model.set("submission", { action: "check", question_id: view.id, response, nonce });
      model.save_changes();
      watchForReply(nonce);
    },
    reset(view) {
      delete results[view.id];
      cards.get(view.id).clearInputs();
      cards.get(view.id).show(null);
      updateScore();
      if (isStatic) model.set("results", { ...results });
      else {
        model.set("submission", { action: "reset", question_id: view.id, nonce: uid("n") });
        model.save_changes();
      }
    },
  };
  const cards = new Map();
  for (const view of quiz.questions) {
    const card = questionCard(view, quiz, total, actions);
    const item = node("li", { class: "mnc-q-item" });
    item.append(card.element);
    list.append(item);
    cards.set(view.id, card);
  }

  let submitStatus = null;
  if (quiz.mode === "assessment") {
    const bar = node("div", { class: "mnc-submit" });
    const submit = node("button", { type: "button", class: "mnc-btn mnc-btn-primary" }, "Submit all answers");
    submitStatus = node("p", { class: "mnc-summary", "aria-live": "polite" });
    let confirmed = false;
    submit.addEventListener("click", () => {
      if (submit.getAttribute("aria-disabled") === "true") return;
      const responses = {};
      const missing = [];
      for (const view of quiz.questions) {
        const value = cards.get(view.id).read();
        if (value === null) missing.push(view.number);
        else responses[view.id] = value;
      }
      if (missing.length && !confirmed) {
        confirmed = true;
        submitStatus.textContent = `Not answered yet: question ${missing.join(", ")}. Press Submit all answers again to submit anyway.`;
        return;
      }
      submit.setAttribute("aria-disabled", "true");
      submitAll(responses);
    });
    bar.append(submit, submitStatus);
    root.append(bar);
  }

  function submitAll(responses) {
    if (isStatic) {
      const graded = {};
      for (const view of quiz.questions) graded[view.id] = staticResult(view.key, responses[view.id] ?? null);
      settle(graded, true);
      const points = quiz.questions.reduce((sum, view) => sum + graded[view.id].score, 0);
      announce({ kind: "assessment", module: quiz.module, questions: total, score: total ? points / total : 0 });
      return;
    }
    const nonce = uid("n");
    pending.set(nonce, quiz.questions.map((view) => view.id));
    for (const card of cards.values()) card.waiting();
    model.set("submission", { action: "submit_all", responses, nonce });
    model.save_changes();
    watchForReply(nonce);
  }

  function watchForReply(nonce) {
    setTimeout(() => {
      if (!pending.has(nonce)) return;
      for (const id of pending.get(nonce)) {
        cards.get(id).message("No reply from Python yet. If nothing changes, run the quiz cell again (Shift+Enter), then try again.");
      }
      // The nonce stays pending: a reply that arrives late (a busy kernel) still updates the card.
    }, KERNEL_TIMEOUT_MS);
  }

  function settle(newResults, fromBrowser) {
    const settled = Object.keys(newResults).filter((id) => cards.has(id));
    for (const id of settled) results[id] = newResults[id];
    // An assessment announces its score once, in its summary, not after every question.
    const spoken = quiz.mode === "assessment" ? "" : `${practiceScore()}.`;
    for (const id of settled) {
      cards.get(id).show(results[id], spoken);
      if (fromBrowser) showNotice(recordProgress(keyed.get(id), results[id], quiz));
    }
    if (fromBrowser) model.set("results", { ...results });
    updateScore();
  }

  function showNotice(text) {
    if (!text) return;
    notice.textContent = text;
    notice.hidden = false;
  }

  function practiceScore() {
    const correct = quiz.questions.filter((view) => results[view.id] && results[view.id].verdict === "correct");
    return `${correct.length} of ${total} correct`;
  }

  function updateScore() {
    const done = quiz.questions.filter((view) => results[view.id]);
    const correct = done.filter((view) => results[view.id].verdict === "correct").length;
    if (quiz.mode === "assessment") {
      if (done.length < total) {
        score.textContent = `${total} questions. Not submitted yet.`;
        return;
      }
      const points = done.reduce((sum, view) => sum + (results[view.id].score || 0), 0);
      const text = `You scored ${Math.round(points * 10) / 10} of ${total} (${Math.round((100 * points) / total)}%). ${correct} of ${total} fully correct.`;
      score.textContent = text;
      if (submitStatus) submitStatus.textContent = text;
      return;
    }
    score.textContent = practiceScore();
  }

  function onResults() {
    const incoming = model.get("results") || {};
    const status = incoming._status || {};
    if (status.nonce && pending.has(status.nonce)) {
      const ids = pending.get(status.nonce);
      pending.delete(status.nonce);
      if (status.error) {
        for (const id of ids) cards.get(id).message(`Something went wrong: ${status.error}`);
        return;
      }
      const update = {};
      for (const id of ids) if (incoming[id]) update[id] = incoming[id];
      settle(update, false);
    }
  }

  if (!isStatic) model.on("change:results", onResults);
  const initial = {};
  for (const [id, result] of Object.entries(results)) if (id !== "_status" && cards.has(id)) initial[id] = result;
  settle(initial, false);
  el.replaceChildren(root);
  return () => {
    if (!isStatic) model.off("change:results", onResults);
  };
}

const widget = { render };
export default widget;
mountOnSite("quiz.js", widget, quizFromMarkup);
