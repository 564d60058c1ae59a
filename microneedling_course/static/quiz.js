// The course quiz front-end: one self-contained ES module for JupyterLab (anywidget) and the site.
// In JupyterLab the kernel grades (model "submission" -> "results"); on the site ("host" is
// "static") gradeResponse below grades with the same rules as grading.py, checked by the shared
// cases in tests/shared/grading_cases.yml. Bank text is only ever put into the page as text nodes.

const PROGRESS_KEY = "mnc-progress-v1";
const MAX_RECORDS = 2000;
const RELATIVE_SLACK = 1e-9;
const KERNEL_TIMEOUT_MS = 8000;

// ------------------------------------------------------------------ safe Markdown subset
// Mirrors microneedling_course/markup.py token for token.
const CODE_SPAN = /`([^`\n]+)`/g;
const BOLD = /\*\*(?=\S)([^\n]+?)(?<=\S)\*\*/g;
const ITALIC = /\*(?=[^\s*])([^\n]+?)(?<=[^\s*])\*/g;
const BULLET = /^\s*- +([^\n]*)$/;

export function blocks(text) {
  const result = [];
  for (const chunk of String(text ?? "").trim().split(/\n[ \t]*\n/)) {
    let chunkStart = true;
    for (const line of chunk.split("\n")) {
      const bullet = BULLET.exec(line);
      const kind = bullet ? "ul" : "p";
      const content = (bullet ? bullet[1] : line).trim();
      if (!content) continue;
      const last = result[result.length - 1];
      if (last && last[0] === kind && !chunkStart) last[1].push(content);
      else result.push([kind, [content]]);
      chunkStart = false;
    }
  }
  return result;
}

function splitBy(pattern, text, inside, outside) {
  const tokens = [];
  let position = 0;
  for (const match of text.matchAll(pattern)) {
    tokens.push(...outside(text.slice(position, match.index)));
    tokens.push([inside, match[1]]);
    position = match.index + match[0].length;
  }
  tokens.push(...outside(text.slice(position)));
  return tokens;
}

export function inlineTokens(text) {
  const italic = (part) => splitBy(ITALIC, part, "em", (plain) => [["text", plain]]);
  const emphasis = (part) => splitBy(BOLD, part, "strong", italic);
  return splitBy(CODE_SPAN, text, "code", emphasis).filter((token) => token[1]);
}

function appendInline(parent, text) {
  for (const [kind, content] of inlineTokens(text)) {
    if (kind === "text") parent.append(document.createTextNode(content));
    else parent.append(node(kind, {}, content));
  }
}

// Block Markdown as <p>/<ul>; with phrasing=true as spans, so it may sit inside a <legend>/<label>.
export function renderMarkdown(text, phrasing = false) {
  const fragment = document.createDocumentFragment();
  for (const [kind, lines] of blocks(text)) {
    if (kind === "ul") {
      const list = node(phrasing ? "span" : "ul", { class: "mnc-md-ul" });
      for (const line of lines) {
        const item = node(phrasing ? "span" : "li", { class: "mnc-md-li" });
        appendInline(item, line);
        list.append(item);
      }
      fragment.append(list);
    } else {
      const paragraph = node(phrasing ? "span" : "p", { class: "mnc-md-p" });
      lines.forEach((line, index) => {
        if (index) paragraph.append(document.createTextNode(" "));
        appendInline(paragraph, line);
      });
      fragment.append(paragraph);
    }
  }
  return fragment;
}

function node(tag, attributes = {}, text) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  if (text != null) element.textContent = text;
  return element;
}

// ------------------------------------------------------------------ grading (mirror of grading.py)
export class ResponseError extends Error {}

const round6 = (value) => Math.round(Math.min(1, Math.max(0, value)) * 1e6) / 1e6;
const verdictFor = (score) => (score >= 1 ? "correct" : score > 0 ? "partial" : "incorrect");
const unanswered = () => ({ score: 0, verdict: "unanswered", feedback: [] });

function graded(score, feedback, itemCorrect) {
  const value = round6(score);
  const grade = { score: value, verdict: verdictFor(value), feedback: feedback.filter(Boolean) };
  if (itemCorrect) grade.item_correct = itemCorrect;
  return grade;
}

function index(value, count, what) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= count) {
    throw new ResponseError(`${what} should be an index from 0 to ${count - 1}, not ${JSON.stringify(value)}`);
  }
  return value;
}

const isList = Array.isArray;

const GRADERS = {
  single(q, response) {
    const chosen = index(response, q.options.length, "the chosen option");
    return graded(chosen === q.answer ? 1 : 0, [q.options[chosen].feedback]);
  },
  multiple(q, response) {
    if (!isList(response)) throw new ResponseError("a multiple-choice response should be a list");
    const chosen = [...new Set(response.map((v) => index(v, q.options.length, "a chosen option")))];
    chosen.sort((a, b) => a - b);
    if (!chosen.length) return unanswered();
    const correct = new Set(q.answer);
    const right = chosen.filter((i) => correct.has(i)).length;
    const score = Math.max(0, (right - (chosen.length - right)) / correct.size);
    const feedback = chosen.map((i) => q.options[i].feedback);
    return graded(score, feedback, chosen.map((i) => correct.has(i)));
  },
  truefalse(q, response) {
    if (typeof response !== "boolean") throw new ResponseError("a true/false response should be a boolean");
    return graded(response === q.answer ? 1 : 0, [response ? q.feedback_if_true : q.feedback_if_false]);
  },
  numeric(q, response) {
    if (typeof response !== "number") throw new ResponseError("a numeric response should be a number");
    if (!Number.isFinite(response)) return unanswered();
    const slack = RELATIVE_SLACK * Math.max(1, Math.abs(q.answer));
    const correct = Math.abs(response - q.answer) <= q.tolerance + slack;
    return graded(correct ? 1 : 0, [correct ? q.feedback_correct : q.feedback_incorrect]);
  },
  ordering(q, response) {
    const count = q.items.length;
    if (!isList(response) || response.length !== count) {
      throw new ResponseError(`an ordering response should list all ${count} item indices`);
    }
    const order = response.map((v) => index(v, count, "an item"));
    if (new Set(order).size !== count) throw new ResponseError("an ordering response should use each item once");
    const inPlace = order.map((item, position) => item === position);
    return graded(inPlace.filter(Boolean).length / count, [], inPlace);
  },
  matching(q, response) {
    const count = q.pairs.length;
    if (!isList(response) || response.length !== count) {
      throw new ResponseError(`a matching response should have one entry per left item (${count})`);
    }
    const picks = response.map((v) => (v === null ? null : index(v, q.choices.length, "a chosen match")));
    if (picks.every((pick) => pick === null)) return unanswered();
    const right = picks.map((pick, i) => pick === q.answer[i]);
    const feedback = q.pairs.filter((pair, i) => !right[i]).map((pair) => pair.feedback);
    return graded(right.filter(Boolean).length / count, feedback, right);
  },
  case(q, response) {
    const answers = response ?? {};
    if (typeof answers !== "object" || isList(answers)) {
      throw new ResponseError("a case response should map part ids to responses");
    }
    const ids = new Set(q.parts.map((part) => part.id));
    const unknown = Object.keys(answers).filter((id) => !ids.has(id));
    if (unknown.length) throw new ResponseError(`unknown case part(s): ${unknown.sort().join(", ")}`);
    const parts = {};
    for (const part of q.parts) parts[part.id] = gradeResponse(part, answers[part.id] ?? null);
    const grades = Object.values(parts);
    if (grades.every((grade) => grade.verdict === "unanswered")) {
      return { score: 0, verdict: "unanswered", feedback: [], parts };
    }
    const score = Math.round((grades.reduce((sum, g) => sum + g.score, 0) / grades.length) * 1e6) / 1e6;
    return { score, verdict: verdictFor(score), feedback: [], parts };
  },
};

// question: Question.to_dict() from grading.py's side (answers as original indices).
export function gradeResponse(question, response) {
  if (response === null || response === undefined) {
    return question.type === "case" ? GRADERS.case(question, {}) : unanswered();
  }
  return GRADERS[question.type](question, response);
}

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

function recordProgress(question, result, quiz) {
  try {
    const stored = JSON.parse(localStorage.getItem(PROGRESS_KEY) || "null");
    const data = stored && isList(stored.records) ? stored : { records: [] };
    // Assessment answers are kept under the assessment's own module id (e.g. "final-assessment")
    // so the progress page can tell a submitted assessment from practice on the same questions.
    const assessed = quiz && quiz.mode === "assessment" && quiz.module;
    data.records.push({
      module: assessed ? quiz.module : question.module,
      question_id: question.id,
      response: result.response,
      verdict: result.verdict,
      score: result.score,
      time: new Date().toISOString(),
    });
    data.records = data.records.slice(-MAX_RECORDS);
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(data));
  } catch (error) {
    // Private browsing or a full store: the quiz still works, progress is simply not kept.
  }
}

// ------------------------------------------------------------------ controls per question type
const TYPE_NAMES = {
  single: "Choose one answer.",
  multiple: "Select all that apply.",
  truefalse: "Choose one.",
  numeric: "Type a number.",
  ordering: "Put the items in order with the Move up and Move down buttons.",
  matching: "Choose a match for each item.",
  case: "Read the case, then answer every part.",
};

let counter = 0;
const uid = (stem) => `mnc-${stem}-${++counter}`;

function choiceControls(view, multiple) {
  const box = node("div", { class: "mnc-options" });
  const name = uid("q");
  const inputs = [];
  const options = view.type === "truefalse"
    ? [{ index: true, text: view.true_label }, { index: false, text: view.false_label }]
    : view.options;
  for (const option of options) {
    const label = node("label", { class: "mnc-option" });
    const input = node("input", { type: multiple ? "checkbox" : "radio", name, value: String(option.index) });
    input.mncValue = option.index;
    label.append(input, node("span", { class: "mnc-option-text" }));
    label.lastChild.append(renderMarkdown(option.text, true));
    inputs.push(input);
    box.append(label);
  }
  return {
    element: box,
    marks: inputs.map((input) => input.closest("label")),
    read() {
      const checked = inputs.filter((input) => input.checked).map((input) => input.mncValue);
      if (multiple) return checked.length ? checked : null;
      return checked.length ? checked[0] : null;
    },
    write(response) {
      const wanted = multiple ? response || [] : [response];
      for (const input of inputs) input.checked = wanted.includes(input.mncValue);
    },
    markFor(result) {
      if (!multiple || !result.item_correct) return [];
      const chosen = [...new Set(result.response || [])].sort((a, b) => a - b);
      return chosen.map((value, i) => [inputs.find((input) => input.mncValue === value), result.item_correct[i]]);
    },
    inputs,
  };
}

function numericControls(view) {
  const label = node("label", { class: "mnc-numeric" });
  const input = node("input", { type: "number", step: "any", inputmode: "decimal", class: "mnc-number" });
  label.append(node("span", {}, "Your answer"), input);
  if (view.unit) label.append(node("span", { class: "mnc-unit" }, view.unit));
  return {
    element: label,
    read() {
      const text = input.value.trim().replace(",", ".");
      if (text === "") return null;
      const value = Number(text);
      return Number.isFinite(value) ? value : null;
    },
    write(response) {
      input.value = response == null ? "" : String(response);
    },
    markFor: () => [],
    inputs: [input],
  };
}

function orderingControls(view, announce) {
  const list = node("ol", { class: "mnc-order" });
  let order = view.items.map((item) => item.index);
  const textOf = new Map(view.items.map((item) => [item.index, item.text]));
  const rows = new Map();
  for (const item of view.items) {
    const row = node("li", { class: "mnc-order-item" });
    const label = node("span", { class: "mnc-order-text" });
    label.append(renderMarkdown(item.text, true));
    const plain = label.textContent;
    const up = node("button", { type: "button", class: "mnc-btn mnc-btn-small", "aria-label": `Move up: ${plain}` }, "▲ Up");
    const down = node("button", { type: "button", class: "mnc-btn mnc-btn-small", "aria-label": `Move down: ${plain}` }, "▼ Down");
    up.addEventListener("click", () => move(item.index, -1, up, down));
    down.addEventListener("click", () => move(item.index, 1, down, up));
    row.append(label, node("span", { class: "mnc-order-buttons" }));
    row.lastChild.append(up, down);
    rows.set(item.index, { row, up, down, plain });
  }
  function layout() {
    order.forEach((itemIndex, position) => {
      const { row, up, down } = rows.get(itemIndex);
      up.disabled = position === 0 || list.classList.contains("mnc-locked");
      down.disabled = position === order.length - 1 || list.classList.contains("mnc-locked");
      list.append(row);
    });
  }
  function move(itemIndex, step, pressed, other) {
    const from = order.indexOf(itemIndex);
    const to = from + step;
    if (to < 0 || to >= order.length) return;
    order.splice(from, 1);
    order.splice(to, 0, itemIndex);
    layout();
    (pressed.disabled ? other : pressed).focus();
    announce(`${rows.get(itemIndex).plain}: now ${to + 1} of ${order.length}.`);
  }
  layout();
  return {
    element: list,
    read: () => [...order],
    write(response) {
      if (isList(response) && response.length === order.length) order = [...response];
      else order = view.items.map((item) => item.index);
      layout();
    },
    markFor(result) {
      return (result.item_correct || []).map((ok, position) => [rows.get(order[position]).row, ok]);
    },
    lock(locked) {
      list.classList.toggle("mnc-locked", locked);
      layout();
    },
    inputs: [],
    textOf,
  };
}

function matchingControls(view) {
  const box = node("div", { class: "mnc-match" });
  const selects = [];
  for (const left of view.lefts) {
    const id = uid("m");
    const row = node("div", { class: "mnc-match-row" });
    const label = node("label", { for: id, class: "mnc-match-left" });
    label.append(renderMarkdown(left.text, true));
    const select = node("select", { id, class: "mnc-select" });
    select.append(node("option", { value: "" }, "Choose…"));
    for (const choice of view.choices) {
      const option = node("option", { value: String(choice.index) });
      option.textContent = renderMarkdown(choice.text, true).textContent;
      select.append(option);
    }
    row.append(label, select);
    box.append(row);
    selects.push(select);
  }
  return {
    element: box,
    read() {
      const picks = selects.map((select) => (select.value === "" ? null : Number(select.value)));
      return picks.every((pick) => pick === null) ? null : picks;
    },
    write(response) {
      selects.forEach((select, i) => {
        select.value = response && response[i] != null ? String(response[i]) : "";
      });
    },
    markFor(result) {
      return (result.item_correct || []).map((ok, i) => [selects[i].closest(".mnc-match-row"), ok]);
    },
    inputs: selects,
  };
}

function controlsFor(view, announce) {
  if (view.type === "single" || view.type === "truefalse") return choiceControls(view, false);
  if (view.type === "multiple") return choiceControls(view, true);
  if (view.type === "numeric") return numericControls(view);
  if (view.type === "ordering") return orderingControls(view, announce);
  if (view.type === "matching") return matchingControls(view);
  return caseControls(view, announce);
}

function caseControls(view, announce) {
  const box = node("div", { class: "mnc-parts" });
  const parts = view.parts.map((part, i) => {
    const fieldset = node("fieldset", { class: "mnc-part" });
    const legend = node("legend", { class: "mnc-part-legend" });
    legend.append(node("span", { class: "mnc-part-number" }, `Part ${i + 1}. `), renderMarkdown(part.prompt, true));
    legend.append(node("span", { class: "mnc-instruction" }, ` ${TYPE_NAMES[part.type]}`));
    const controls = controlsFor(part, announce);
    const feedback = node("div", { class: "mnc-part-feedback" });
    fieldset.append(legend, controls.element, feedback);
    box.append(fieldset);
    return { part, controls, feedback };
  });
  return {
    element: box,
    read() {
      const response = {};
      for (const { part, controls } of parts) {
        const value = controls.read();
        if (value !== null) response[part.id] = value;
      }
      return Object.keys(response).length ? response : null;
    },
    write(response) {
      for (const { part, controls } of parts) controls.write(response ? response[part.id] ?? null : null);
    },
    markFor: () => [],
    lock(locked) {
      for (const { controls } of parts) setLocked(controls, locked);
    },
    showParts(result) {
      for (const { part, controls, feedback } of parts) {
        feedback.replaceChildren();
        const partResult = result && result.parts ? result.parts[part.id] : null;
        clearMarks(controls);
        if (!partResult) continue;
        feedback.append(resultBlock(partResult, false));
        applyMarks(controls, { ...partResult, response: (result.response || {})[part.id] });
      }
    },
    inputs: [],
  };
}

function setLocked(controls, locked) {
  if (controls.lock) controls.lock(locked);
  for (const input of controls.inputs) input.disabled = locked;
}

function clearMarks(controls) {
  for (const element of controls.element.querySelectorAll(".mnc-mark")) element.remove();
  for (const element of controls.element.querySelectorAll(".mnc-right, .mnc-wrong")) {
    element.classList.remove("mnc-right", "mnc-wrong");
  }
}

function applyMarks(controls, result) {
  for (const [element, ok] of controls.markFor(result)) {
    const target = element.closest("label, li, .mnc-match-row") || element;
    target.classList.add(ok ? "mnc-right" : "mnc-wrong");
    target.append(node("span", { class: "mnc-mark" }, ok ? " ✓ right" : " ✗ wrong"));
  }
}

// ------------------------------------------------------------------ feedback
const VERDICTS = {
  correct: ["✓", "Correct"],
  partial: ["◐", "Partly right"],
  incorrect: ["✗", "Not quite"],
  unanswered: ["–", "Not answered"],
};

// The short verdict line: icon (hidden from screen readers) and words, then an optional line
// (e.g. the running score) that only screen readers hear, so the card looks as before.
function verdictLine(result, spoken) {
  const [icon, words] = VERDICTS[result.verdict] || ["!", result.verdict];
  const verdict = node("p", { class: "mnc-verdict" });
  verdict.append(node("span", { class: "mnc-icon", "aria-hidden": "true" }, icon), ` ${words}`);
  if (result.verdict === "partial") verdict.append(` (score ${Math.round(result.score * 100)}%)`);
  if (spoken) verdict.append(node("span", { class: "mnc-visually-hidden" }, `. ${spoken}`));
  return verdict;
}

// Everything after the verdict: per-option feedback, explanation, worked answer and sources.
function resultDetails(result, withSources = true) {
  const fragment = document.createDocumentFragment();
  for (const text of result.feedback || []) fragment.append(renderMarkdown(text));
  if (result.explanation) {
    const why = node("div", { class: "mnc-explanation" });
    why.append(node("p", { class: "mnc-label" }, "Why"), renderMarkdown(result.explanation));
    fragment.append(why);
  }
  if (result.solution && result.solution.length && result.verdict !== "correct") {
    const details = node("details", { class: "mnc-solution" });
    const list = node("ul");
    for (const line of result.solution) {
      const item = node("li");
      item.append(renderMarkdown(line, true));
      list.append(item);
    }
    details.append(node("summary", {}, "Show the answer"), list);
    fragment.append(details);
  }
  if (withSources && result.citations && result.citations.length) fragment.append(sourcesBlock(result.citations));
  return fragment;
}

const resultClass = (result) => `mnc-result mnc-result-${result.verdict}`;

// A case part's result: verdict and details in one box (announced with the whole case's verdict).
function resultBlock(result, withSources = true) {
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

// ------------------------------------------------------------------ one question card
function questionCard(view, quiz, total, actions) {
  const practice = quiz.mode === "practice";
  const fieldset = node("fieldset", { class: "mnc-q", "data-question-id": view.id });
  const legend = node("legend", { class: "mnc-legend" });
  legend.append(node("span", { class: "mnc-q-number" }, `Question ${view.number} of ${total}`));
  const prompt = node("span", { class: "mnc-prompt" });
  prompt.append(renderMarkdown(view.prompt, true));
  legend.append(prompt, node("span", { class: "mnc-instruction" }, TYPE_NAMES[view.type]));
  fieldset.append(legend);
  if (view.type === "case") {
    const story = node("div", { class: "mnc-vignette" });
    story.append(node("p", { class: "mnc-label" }, "Case"), renderMarkdown(view.vignette));
    fieldset.append(story);
  }
  const status = node("p", { class: "mnc-visually-hidden", "aria-live": "polite" });
  const controls = controlsFor(view, (text) => {
    status.textContent = text;
  });
  fieldset.append(controls.element, status);
  const buttons = node("div", { class: "mnc-actions" });
  const check = node("button", { type: "button", class: "mnc-btn mnc-btn-primary" }, "Check");
  const retry = node("button", { type: "button", class: "mnc-btn", hidden: true }, "Try again");
  // Only the short verdict and score line is live: a screen reader announces those on Check,
  // and the feedback, explanation and sources follow in a plain region to read at will.
  const feedback = node("div", { class: "mnc-feedback" });
  const announcement = node("div", { class: "mnc-announcement", "aria-live": "polite", "aria-atomic": "true" });
  const details = node("div", { class: "mnc-feedback-details" });
  feedback.append(announcement, details);
  const say = (content, result = null) => {
    feedback.className = result ? `mnc-feedback ${resultClass(result)}` : "mnc-feedback";
    announcement.replaceChildren(...content);
    details.replaceChildren(...(result ? [resultDetails(result)] : []));
  };
  const note = (text) => say([node("p", { class: "mnc-note" }, text)]);
  if (practice) buttons.append(check);
  if (practice && view.hint) {
    const hintId = uid("hint");
    const toggle = node("button", { type: "button", class: "mnc-btn", "aria-expanded": "false", "aria-controls": hintId }, "Show hint");
    const hint = node("div", { class: "mnc-hint", id: hintId, hidden: true });
    hint.append(node("p", { class: "mnc-label" }, "Hint"), renderMarkdown(view.hint));
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      toggle.textContent = open ? "Hide hint" : "Show hint";
      hint.hidden = !open;
    });
    buttons.append(toggle);
    fieldset.append(buttons, hint, feedback);
  } else {
    fieldset.append(buttons, feedback);
  }
  if (practice && quiz.allow_retry) buttons.append(retry);
  check.addEventListener("click", () => {
    if (check.getAttribute("aria-disabled") === "true") return;
    const response = controls.read();
    if (response === null) {
      note("Choose or type an answer first, then press Check.");
      return;
    }
    actions.check(view, response);
  });
  retry.addEventListener("click", () => actions.reset(view));

  return {
    element: fieldset,
    view,
    read: () => controls.read(),
    waiting() {
      note("Checking…");
    },
    message(text) {
      note(text);
    },
    // spoken: what screen readers hear after the verdict (the quiz's running score).
    show(result, spoken = "") {
      clearMarks(controls);
      if (controls.showParts) controls.showParts(result);
      if (!result) {
        say([]);
        setLocked(controls, false);
        check.removeAttribute("aria-disabled");
        retry.hidden = true;
        return;
      }
      if (result.response !== undefined) controls.write(result.response);
      applyMarks(controls, result);
      setLocked(controls, true);
      check.setAttribute("aria-disabled", "true");
      retry.hidden = false;
      say([verdictLine(result, spoken)], result);
    },
    clearInputs() {
      controls.write(null);
    },
  };
}

// ------------------------------------------------------------------ the quiz
function render({ model, el }) {
  const quiz = model.get("quiz") || { questions: [] };
  const isStatic = model.get("host") === "static";
  const keyed = new Map(quiz.questions.map((view) => [view.id, view]));
  const total = quiz.questions.length;
  const pending = new Map();
  const root = node("section", { class: "mnc-quiz" });
  const titleId = uid("title");
  root.setAttribute("aria-labelledby", titleId);
  root.append(node("h3", { class: "mnc-quiz-title", id: titleId }, quiz.title || "Quiz"));
  const intro = quiz.mode === "assessment"
    ? "Answer every question, then press Submit all answers at the end. You see the results after submitting."
    : "Answer a question, then press Check to see feedback. Use Try again to have another go.";
  root.append(node("p", { class: "mnc-intro" }, intro));
  const score = node("p", { class: "mnc-score" });
  root.append(score);
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
        cards.get(id).message("No reply from Python. Run the quiz cell again (Shift+Enter), then try again.");
      }
      pending.delete(nonce);
    }, KERNEL_TIMEOUT_MS);
  }

  function settle(newResults, fromBrowser) {
    const settled = Object.keys(newResults).filter((id) => cards.has(id));
    for (const id of settled) results[id] = newResults[id];
    // An assessment announces its score once, in its summary, not after every question.
    const spoken = quiz.mode === "assessment" ? "" : `${practiceScore()}.`;
    for (const id of settled) {
      cards.get(id).show(results[id], spoken);
      if (fromBrowser) recordProgress(keyed.get(id), results[id], quiz);
    }
    if (fromBrowser) model.set("results", { ...results });
    updateScore();
    if (fromBrowser && settled.length) announceProgress(settled);
  }

  // Tells the page (the SCORM bridge, lms-scorm.js) that progress was just recorded.
  function announceProgress(ids) {
    const detail = quiz.mode === "assessment"
      ? { kind: "assessment", module: quiz.module, question_ids: quiz.questions.map((view) => view.id), score: assessmentShare() }
      : { kind: "answer", module: keyed.get(ids[0]).key.module, question_ids: ids };
    if (typeof document !== "undefined") document.dispatchEvent(new CustomEvent("mnc:progress", { detail }));
  }

  function assessmentShare() {
    const points = quiz.questions.reduce((sum, view) => sum + ((results[view.id] && results[view.id].score) || 0), 0);
    return total ? points / total : 0;
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

export default { render };
