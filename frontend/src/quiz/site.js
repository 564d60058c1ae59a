// The course quiz on the site: mounts every [data-mnc-widget="quiz.js"] container of the page
// from its no-JavaScript markup plus a small key (from-markup.js), grades in the browser with the
// rules of grading.py (shared cases run through both) and keeps progress in localStorage. A quiz
// with ordering, matching or case questions, or an assessment, first loads extras.js, shipped
// beside this file as quiz-extras.js (pages that need it preload it: both arrive together). Each
// of the two files brings its own styles (core.css, extras.css): no stylesheet to request.
import { addStyles, mountOnSite } from "../shared/site-host.js";
import { announce, recordAnswer } from "../shared/site-progress.js";
import { controlKit } from "./controls.js";
import { markupKit, quizFromMarkup, readersLoaded } from "./from-markup.js";
import { gradeResponse, gradingKit } from "./grading.js";
import { modeLoaded, renderQuiz, viewKit } from "./view.js";
import styles from "./core.css?text";

export { gradeResponse, ResponseError } from "./grading.js";

export const EXTRAS_FILE = "quiz-extras.js";

let extras = null;
// Loads the extras once; the URL carries the page's front-end version, as the page's preload does.
export function loadExtras() {
  if (!extras) {
    const version = document.querySelector("script[data-mnc-version]")?.dataset.mncVersion || "";
    const url = new URL(`${EXTRAS_FILE}?v=${encodeURIComponent(version)}`, import.meta.url);
    extras = import(url.href).then((module) => {
      addStyles(module.styles);
      module.addExtras({ ...controlKit, ...gradingKit, ...markupKit, ...viewKit });
    });
  }
  return extras;
}

async function prepare(state, container, fallback) {
  if (!readersLoaded(fallback) || !modeLoaded(state.quiz || {})) await loadExtras();
  return quizFromMarkup(state, fallback);
}

// A grade plus what the card shows after it (the kernel sends the same shape).
function staticResult(key, response) {
  const result = { ...gradeResponse(key, response), response };
  Object.assign(result, { explanation: key.explanation, citations: key.citations, solution: key.solution });
  for (const part of key.parts || []) {
    Object.assign(result.parts[part.id], { explanation: part.explanation, citations: part.citations, solution: part.solution });
  }
  return result;
}

function browserHost(model, quizView) {
  const { quiz } = quizView;
  const byId = new Map(quiz.questions.map((view) => [view.id, view]));
  // Assessment answers are kept under the assessment's own module id (e.g. "final-assessment")
  // so the progress page can tell a submitted assessment from practice on the same questions.
  const assessed = quiz.mode === "assessment" && quiz.module;
  function settleAndRecord(graded) {
    for (const id of quizView.settle(graded)) {
      const result = graded[id];
      const notice = recordAnswer({
        module: assessed || byId.get(id).module,
        question_id: id,
        response: result.response,
        verdict: result.verdict,
        score: result.score,
        time: new Date().toISOString(),
      });
      quizView.showNotice(notice);
    }
    model.set("results", { ...quizView.results });
  }
  return {
    check: (view, response) => settleAndRecord({ [view.id]: staticResult(view.key, response) }),
    reset: () => model.set("results", { ...quizView.results }),
    submitAll(responses) {
      const graded = {};
      let points = 0;
      for (const view of quiz.questions) {
        graded[view.id] = staticResult(view.key, responses[view.id] ?? null);
        points += graded[view.id].score;
      }
      settleAndRecord(graded);
      const total = quiz.questions.length;
      announce({ kind: "assessment", module: quiz.module, questions: total, score: total ? points / total : 0 });
    },
    dispose() {},
  };
}

const widget = { render: ({ model, el }) => renderQuiz({ model, el }, browserHost) };
export default widget;
mountOnSite("quiz.js", widget, prepare, styles);
