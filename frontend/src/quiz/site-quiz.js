// The course quiz on the site: every [data-mnc-widget="quiz.js"] container of the page that names
// this module's file is mounted from its no-JavaScript markup plus a small key (from-markup.js),
// graded in the browser with the rules of grading.py (shared cases run through both), and its
// answers kept in localStorage. Two entries ship it: site.js (quiz-site.js: choice and numeric
// questions) and site-all.js (quiz-site-all.js: every type and the assessment mode); each page's
// quizzes name the one they need (quiz/widget.py), and each brings its own styles.
import { mountOnSite } from "../shared/site-host.js";
import { announce, recordAnswer } from "../shared/site-progress.js";
import { quizFromMarkup } from "./from-markup.js";
import { gradeResponse } from "./grading.js";
import { renderQuiz } from "./view.js";

export { gradeResponse, ResponseError } from "./grading.js";

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

export const widget = { render: ({ model, el }) => renderQuiz({ model, el }, browserHost) };

// Mounts the page's quizzes that name `file` as their site module, with these styles.
export function mountQuizzes(file, styles) {
  mountOnSite("quiz.js", widget, (state, container, fallback) => quizFromMarkup(state, fallback), styles, file);
}
