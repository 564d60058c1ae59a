// The quiz as a trainee sees it, whoever grades it: title, how it works, the running score and one
// card per question. The host passed in (the kernel in JupyterLab, the browser on the site) grades
// answers and keeps the results; it calls back `settle(results)` to show them. Practice is built
// in; assessment.js adds the assessment mode (one Submit button, results only after submitting).
import { node, uid } from "../shared/dom.js";
import { questionCard } from "./card.js";

// A mode: its intro, the score line, what screen readers hear after a verdict, and an optional
// bar under the questions (given the quiz view and the host).
const MODES = {
  practice: {
    intro: "Answer a question, then press Check to see feedback. Use Try again to have another go.",
    score: (quizView) => `${quizView.correct()} of ${quizView.quiz.questions.length} correct`,
    spoken: (quizView) => `${MODES.practice.score(quizView)}.`,
  },
};

// connect(model, quizView) -> { check(view, response), reset(view), submitAll(responses), dispose() }
export function renderQuiz({ model, el }, connect) {
  const quiz = model.get("quiz") || { questions: [] };
  const mode = MODES[quiz.mode || "practice"];
  const root = node("section", { class: "mnc-card mnc-quiz" });
  const titleId = uid("title");
  root.setAttribute("aria-labelledby", titleId);
  const score = node("p", { class: "mnc-score" });
  const notice = node("p", { class: "mnc-notice", role: "status", hidden: true });
  const list = node("ol", { class: "mnc-questions" });
  root.append(node("h3", { class: "mnc-quiz-title", id: titleId }, quiz.title || "Quiz"), node("p", { class: "mnc-intro" }, mode.intro), score, notice, list);

  const results = {};
  const cards = new Map();
  const quizView = {
    quiz,
    results,
    cards,
    correct: () => quiz.questions.filter((view) => results[view.id]?.verdict === "correct").length,
    // Shows graded results on their cards; returns the ids shown.
    settle(newResults) {
      const settled = Object.keys(newResults).filter((id) => cards.has(id));
      for (const id of settled) results[id] = newResults[id];
      const spoken = mode.spoken(quizView);
      for (const id of settled) cards.get(id).show(results[id], spoken);
      score.textContent = mode.score(quizView);
      return settled;
    },
    showNotice(text) {
      if (!text) return;
      notice.textContent = text;
      notice.hidden = false;
    },
  };
  const host = connect(model, quizView);

  const actions = {
    check: (view, response) => host.check(view, response),
    reset(view) {
      delete results[view.id];
      cards.get(view.id).clearInputs();
      cards.get(view.id).show(null);
      score.textContent = mode.score(quizView);
      host.reset(view);
    },
  };
  for (const view of quiz.questions) {
    const card = questionCard(view, quiz, quiz.questions.length, actions);
    const item = node("li", { class: "mnc-q-item" });
    item.append(card.element);
    list.append(item);
    cards.set(view.id, card);
  }
  if (mode.bar) root.append(mode.bar(quizView, host));

  const initial = { ...(model.get("results") || {}) };
  delete initial._status;
  quizView.settle(initial);
  el.replaceChildren(root);
  return () => host.dispose();
}

export const addModes = (more) => Object.assign(MODES, more);
