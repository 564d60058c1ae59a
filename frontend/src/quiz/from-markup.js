// On the site the questions travel once: the page holds the quiz's no-JavaScript markup
// (microneedling_course/quiz/static_html.py) and a small key (quiz/site_key.py). This rebuilds the
// quiz model from the two: texts stay the page's own nodes (copied, never parsed from strings),
// the feedback and hints come from an inert <template> in each question, and the key adds the
// right answers, tolerances and units. Choice and numeric questions are read here;
// more-types-markup.js adds ordering, matching and case questions.

export const child = (element, selector) => element?.querySelector(`:scope > ${selector}`) ?? null;
export const entries = (item, name) =>
  [...(child(item, `[data-k="${name}"]`)?.children || [])].map((entry) => ({ index: Number(entry.dataset.i), text: entry }));

// The texts of a question's <template>: {feedback: [element or "", ...], hint: element, ...}.
function textsOf(item) {
  const texts = { feedback: [] };
  for (const text of child(item, 'template[data-k="texts"]')?.content.children || []) {
    const value = text.childNodes.length ? text : "";
    if (text.dataset.f === "feedback") texts.feedback.push(value);
    else texts[text.dataset.f] = value;
  }
  return texts;
}

// The worked answer, explanation and sources shown behind "Show answer".
function answerFrom(container) {
  const citations = [...(child(container, ".mnc-static-sources")?.children || [])].map((entry) => {
    const short = entry.firstElementChild?.textContent || "";
    return { short, full: entry.textContent.slice(short.length + 2) };
  });
  return {
    solution: [...(child(container, ".mnc-static-solution")?.children || [])],
    explanation: child(container, ".mnc-static-explanation") || "",
    citations,
  };
}

// One feedback entry per option or pair, in the bank's order (what grading indexes).
export const feedbackList = (count, texts) => Array.from({ length: count }, (_, i) => ({ feedback: texts.feedback[i] || "" }));

// Question type -> reader(item, view, key, known, texts, answers) filling the view and the key.
const READERS = {
  single: readOptions,
  multiple: readOptions,
  truefalse(item, view, key, known, texts) {
    [view.true_label, view.false_label] = child(item, '[data-k="labels"]').children;
    key.feedback_if_true = texts.feedback_if_true || "";
    key.feedback_if_false = texts.feedback_if_false || "";
  },
  numeric(item, view, key, known, texts) {
    view.unit = known.unit || "";
    Object.assign(key, { tolerance: known.tolerance || 0, feedback_correct: texts.feedback_correct || "", feedback_incorrect: texts.feedback_incorrect || "" });
  },
};

function readOptions(item, view, key, known, texts) {
  view.options = entries(item, "options");
  key.options = feedbackList(view.options.length, texts);
}

// One question: {view, key}: what the card shows, and what grading and the result need.
export function questionFrom(item, keys, module, answers) {
  const { id, type } = item.dataset;
  const known = keys[id] || {};
  const texts = textsOf(item);
  const view = { id, type, module: known.module || module, prompt: child(item, ".mnc-static-prompt"), hint: texts.hint || "" };
  const key = { id, type, module: view.module, answer: known.answer, ...answerFrom(answers) };
  READERS[type](item, view, key, known, texts, answers);
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

export const addReaders = (more) => Object.assign(READERS, more);
