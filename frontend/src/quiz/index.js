// The course quiz in JupyterLab: the ES module anywidget loads as QuizWidget's _esm. The kernel
// grades (model "submission" -> "results", quiz/widget.py) and records progress; texts arrive as
// Markdown source. Every question type is in this one file. The site loads quiz-site.js or
// quiz-site-all.js instead (site.js, site-all.js).
import { uid } from "../shared/dom.js";
import { renderMarkdown } from "../shared/markdown.js";
import { useMarkdown } from "../shared/rich-text.js";
import { addAssessment } from "./assessment.js";
import { addMoreTypes } from "./more-types.js";
import { renderQuiz } from "./view.js";

export { gradeResponse, ResponseError } from "./grading.js";
export { blocks, inlineTokens } from "../shared/markdown.js";

useMarkdown(renderMarkdown);
addMoreTypes();
addAssessment();

export const KERNEL_TIMEOUT_MS = 8000;

// Sends each answer to the kernel and shows its reply; a reply later than KERNEL_TIMEOUT_MS (a busy
// kernel) still updates the card after the "no reply yet" message.
function kernelHost(model, quizView) {
  const pending = new Map();
  function send(submission, ids) {
    const nonce = uid("n");
    pending.set(nonce, ids);
    for (const id of ids) quizView.cards.get(id).waiting();
    model.set("submission", { ...submission, nonce });
    model.save_changes();
    setTimeout(() => {
      if (!pending.has(nonce)) return;
      for (const id of pending.get(nonce)) {
        quizView.cards.get(id).message("No reply from Python yet. If nothing changes, run the quiz cell again (Shift+Enter), then try again.");
      }
      // The nonce stays pending, so the late reply is still shown.
    }, KERNEL_TIMEOUT_MS);
  }
  function onResults() {
    const incoming = model.get("results") || {};
    const status = incoming._status || {};
    if (!status.nonce || !pending.has(status.nonce)) return;
    const ids = pending.get(status.nonce);
    pending.delete(status.nonce);
    if (status.error) {
      for (const id of ids) quizView.cards.get(id).message(`Something went wrong: ${status.error}`);
      return;
    }
    const update = {};
    for (const id of ids) if (incoming[id]) update[id] = incoming[id];
    quizView.settle(update);
  }
  model.on("change:results", onResults);
  return {
    check: (view, response) => send({ action: "check", question_id: view.id, response }, [view.id]),
    reset(view) {
      model.set("submission", { action: "reset", question_id: view.id, nonce: uid("n") });
      model.save_changes();
    },
    submitAll: (responses) => send({ action: "submit_all", responses }, quizView.quiz.questions.map((view) => view.id)),
    dispose: () => model.off("change:results", onResults),
  };
}

function render({ model, el }) {
  return renderQuiz({ model, el }, kernelHost);
}

export default { render };
