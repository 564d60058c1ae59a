// What a trainee reads after checking: the verdict line, feedback, explanation, worked answer
// and sources.
import { node } from "../shared/dom.js";
import { richText } from "../shared/rich-text.js";

const VERDICTS = {
  correct: ["✓", "Correct"],
  partial: ["◐", "Partly right"],
  incorrect: ["✗", "Not quite"],
  unanswered: ["–", "Not answered"],
};

// The short verdict line: icon (hidden from screen readers) and words, then an optional line
// (e.g. the running score) that only screen readers hear, so the card looks as before.
export function verdictLine(result, spoken) {
  const [icon, words] = VERDICTS[result.verdict] || ["!", result.verdict];
  const verdict = node("p", { class: "mnc-verdict" });
  verdict.append(node("span", { class: "mnc-icon", "aria-hidden": "true" }, icon), ` ${words}`);
  if (result.verdict === "partial") verdict.append(` (score ${Math.round(result.score * 100)}%)`);
  if (spoken) verdict.append(node("span", { class: "mnc-visually-hidden" }, `. ${spoken}`));
  return verdict;
}

// Everything after the verdict: per-option feedback, explanation, worked answer and sources.
export function resultDetails(result, withSources = true) {
  const fragment = document.createDocumentFragment();
  for (const text of result.feedback || []) fragment.append(richText(text));
  if (result.explanation) {
    const why = node("div", { class: "mnc-explanation" });
    why.append(node("p", { class: "mnc-label" }, "Why"), richText(result.explanation));
    fragment.append(why);
  }
  if (result.solution && result.solution.length && result.verdict !== "correct") {
    const details = node("details", { class: "mnc-solution" });
    const list = node("ul");
    for (const line of result.solution) {
      const item = node("li");
      item.append(richText(line, true));
      list.append(item);
    }
    details.append(node("summary", {}, "Show the answer"), list);
    fragment.append(details);
  }
  if (withSources && result.citations && result.citations.length) fragment.append(sourcesBlock(result.citations));
  return fragment;
}

export const resultClass = (result) => `mnc-result mnc-result-${result.verdict}`;

// A case part's result: verdict and details in one box (announced with the whole case's verdict).
export function resultBlock(result, withSources = true) {
  const block = node("div", { class: resultClass(result) });
  block.append(verdictLine(result), resultDetails(result, withSources));
  return block;
}

function sourcesBlock(citations) {
  const details = node("details", { class: "mnc-sources" });
  details.append(node("summary", {}, `Sources: ${citations.map((c) => c.short).join("; ")}`));
  const list = node("ul");
  for (const citation of citations) list.append(node("li", {}, citation.full));
  details.append(list);
  return details;
}
