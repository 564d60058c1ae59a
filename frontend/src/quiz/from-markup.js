// On the site the questions travel once: the page holds the quiz's no-JavaScript markup
// (microneedling_course/static_html.py) and a small key (quiz/site_key.py). This rebuilds the quiz
// model from the two: texts stay the page's own nodes (copied, never parsed from strings), and
// the key adds the right answers, per-option feedback, tolerances and hints.

const child = (element, selector) => (element ? element.querySelector(`:scope > ${selector}`) : null);
const entries = (item, name) =>
  [...(child(item, `[data-k="${name}"]`)?.children || [])].map((entry) => ({ index: Number(entry.dataset.i), text: entry }));

// The worked answer, explanation and sources shown behind "Show answer".
function answerFrom(container) {
  const citations = [...(child(container, ".mnc-static-sources")?.children || [])].map((entry) => {
    const short = entry.firstElementChild ? entry.firstElementChild.textContent : "";
    return { short, full: entry.textContent.slice(short.length + 2) };
  });
  return {
    solution: [...(child(container, ".mnc-static-solution")?.children || [])],
    explanation: child(container, ".mnc-static-explanation") || "",
    citations,
  };
}

const feedbackList = (count, texts = []) => Array.from({ length: count }, (_, i) => ({ feedback: texts[i] || "" }));

// One question: {view, key}: what the card shows, and what grading and the result need.
function questionFrom(item, keys, module, answers) {
  const { id, type } = item.dataset;
  const known = keys[id] || {};
  const view = { id, type, module: known.module || module, prompt: child(item, ".mnc-static-prompt"), hint: known.hint || "" };
  const key = { id, type, module: view.module, answer: known.answer, ...answerFrom(answers) };
  if (type === "single" || type === "multiple") {
    view.options = entries(item, "options");
    key.options = feedbackList(view.options.length, known.feedback);
  } else if (type === "truefalse") {
    [view.true_label, view.false_label] = child(item, '[data-k="labels"]').children;
    key.feedback_if_true = known.feedback_if_true || "";
    key.feedback_if_false = known.feedback_if_false || "";
  } else if (type === "numeric") {
    view.unit = known.unit || "";
    Object.assign(key, { tolerance: known.tolerance || 0, feedback_correct: known.feedback_correct || "", feedback_incorrect: known.feedback_incorrect || "" });
  } else if (type === "ordering") {
    view.items = key.items = entries(item, "items");
  } else if (type === "matching") {
    view.lefts = entries(item, "lefts");
    view.choices = key.choices = entries(item, "choices");
    key.pairs = feedbackList(view.lefts.length, known.feedback);
  } else if (type === "case") {
    view.vignette = child(item, ".mnc-static-vignette");
    const parts = [...child(item, '[data-k="parts"]').children].map((part) => {
      const partAnswers = [...(answers?.children || [])].find((element) => element.dataset.part === part.dataset.id);
      return questionFrom(part, known.parts || {}, view.module, partAnswers);
    });
    view.parts = parts.map((part) => part.view);
    key.parts = parts.map((part) => part.key);
  }
  return { view, key };
}

// The quiz model the renderer takes (the kernel's shape), from a site container's state and markup.
export function quizFromMarkup(state, fallback) {
  const quiz = state.quiz || {};
  const items = fallback ? [...fallback.querySelectorAll(".mnc-static-question")] : [];
  const questions = items.map((item, position) => {
    const { view, key } = questionFrom(item, quiz.keys || {}, quiz.module || "", child(item, "details"));
    return { ...view, number: position + 1, key };
  });
  return { ...state, quiz: { ...quiz, questions } };
}
