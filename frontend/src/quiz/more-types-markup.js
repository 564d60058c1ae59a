// How the site reads ordering, matching and case questions from the no-JavaScript markup (the
// choice and numeric ones are read in from-markup.js). quiz-site-all.js adds these.
import { addReaders, child, entries, feedbackList, questionFrom } from "./from-markup.js";

export function addMoreReaders() {
  addReaders({
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
