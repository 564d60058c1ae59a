// The assessment mode of the quiz: one Submit button under the questions, and nothing is shown
// until it is pressed. JupyterLab's quiz.js and the site's quiz-site-all.js add it.
import { node } from "../shared/dom.js";
import { addModes } from "./view.js";

export function addAssessment() {
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
