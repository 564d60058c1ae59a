// The trainee's progress page: completion and score per module (bar chart and table), the
// objectives answered wrongly with links to the lessons, the final self-assessment with a
// printable completion record, record export (JSON, CSV) and clearing. On the site the answers
// come from this browser's localStorage; in JupyterLab the kernel sends this computer's progress
// file (and a matplotlib chart) as custom messages, which never enter the saved widget state.

import { assessment as ASSESSMENT, completion, storage } from "../generated/course-constants.json";
import { recordCsv } from "../shared/record-csv.js";
import { mountOnSite } from "../shared/site-host.js";
import { clearProgress, isRecord, readProgress, readTrainee, saveTrainee as storeTrainee } from "../shared/site-progress.js";

export { recordCsv };

function node(tag, props = {}, children = []) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") element.textContent = value;
    else if (key === "className") element.className = value;
    else element.setAttribute(key, value);
  }
  for (const child of children) element.append(child);
  return element;
}

// A share 0..1 as a whole percentage; anything else (a hostile stored value) is never shown.
export function percent(value) {
  if (value === null || value === undefined) return "not started";
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  return `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%`;
}

// A date in words, or "" when the stored time is not a date (never "Invalid Date").
export function dateText(time) {
  const moment = new Date(time);
  if (!time || Number.isNaN(moment.getTime())) return "";
  return moment.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" });
}

const has = (object, key) => object !== null && typeof object === "object" && Object.prototype.hasOwnProperty.call(object, key);

// The latest answer to each bank question, whichever quiz it came from.
export function latestAnswers(records, course) {
  const latest = new Map();
  const sorted = [...records].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  for (const record of sorted) {
    if (has(course.questions, record.question_id)) latest.set(record.question_id, record);
  }
  return latest;
}

export function summarise(records, course) {
  const latest = latestAnswers(records, course);
  const modules = course.modules.map((module) => {
    const answered = module.questions.filter((id) => latest.has(id)).map((id) => latest.get(id));
    const total = module.questions.length;
    const score = answered.length ? answered.reduce((sum, r) => sum + r.score, 0) / answered.length : null;
    return { ...module, answered: answered.length, total, completion: total ? answered.length / total : 0, score };
  });
  const review = new Map();
  for (const [id, record] of latest) {
    if (record.verdict === "incorrect" || record.verdict === "partial") {
      const objective = course.questions[id].objective;
      if (!has(course.objectives, objective)) continue;
      if (!review.has(objective)) review.set(objective, []);
      review.get(objective).push(id);
    }
  }
  return { modules, review };
}

// The summary as plain data, in the fields my_progress.progress_summary gives (parity tests).
export function summaryData(records, course) {
  const { modules, review } = summarise(records, course);
  const fields = ({ id, title, href, answered, total, completion, score }) => ({ id, title, href, answered, total, completion, score });
  return { modules: modules.map(fields), review: Object.fromEntries([...review].map(([id, ids]) => [id, [...ids].sort()])) };
}

// The site's fixed final assessment: the latest answer to each of its questions given in the
// assessment quiz (records kept under the assessment's module id).
export function siteAssessment(records, course) {
  const info = course.assessment || {};
  const ids = info.question_ids || [];
  if (!ids.length) return null;
  const answers = new Map();
  for (const record of records) {
    if (record.module === info.module && ids.includes(record.question_id)) {
      const previous = answers.get(record.question_id);
      if (!previous || previous.time <= record.time) answers.set(record.question_id, record);
    }
  }
  if (answers.size < ids.length) return { complete: false, answered: answers.size, total: ids.length };
  const perModule = {};
  const scores = {};
  let total = 0;
  let latestTime = "";
  for (const id of ids) {
    const record = answers.get(id);
    const module = course.questions[id] ? course.questions[id].module : record.module;
    perModule[module] = perModule[module] || { questions: 0, total: 0 };
    perModule[module].questions += 1;
    perModule[module].total += record.score;
    scores[id] = record.score;
    total += record.score;
    if (record.time > latestTime) latestTime = record.time;
  }
  const score = total / ids.length;
  const breakdown = {};
  for (const [module, entry] of Object.entries(perModule)) {
    breakdown[module] = { questions: entry.questions, score: entry.total / entry.questions };
  }
  return {
    complete: true,
    attempt_id: `site-${info.seed}`,
    attempt: 1,
    seed: info.seed,
    question_ids: ids,
    scores,
    score,
    pass_mark: info.pass_mark,
    passed: score + ASSESSMENT.pass_slack >= info.pass_mark,
    per_module: breakdown,
    time: latestTime,
  };
}

function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = node("a", { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function fileStem(trainee) {
  const label = [trainee.id, trainee.name].filter(Boolean).join("-").toLowerCase();
  const slug = label.replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "");
  return slug ? `progress-${slug}` : "progress";
}

// A horizontal bar chart in HTML, one row per module: its text is page text (sized in rem, so
// readable on a phone and scaled with the reader's font size), and each bar is named in words.
function chart(summary) {
  const box = node("div", {
    className: "mnc-pp-chart",
    role: "img",
    "aria-labelledby": "mnc-pp-chart-title",
    "aria-describedby": "mnc-pp-chart-desc",
  });
  box.append(
    node("p", { id: "mnc-pp-chart-title", className: "mnc-visually-hidden mnc-pp-visually-hidden", text: "Completion and score per module" }),
    node("p", { id: "mnc-pp-chart-desc", hidden: "", text: "Two bars per module: the share of its questions answered, and the mean score of the latest answers. The same numbers are in the table below." }),
  );
  for (const module of summary.modules) {
    const bars = [
      ["Answered", module.completion, percent(module.completion), "mnc-pp-bar-completion"],
      ["Score", module.score ?? 0, module.score === null ? "–" : percent(module.score), "mnc-pp-bar-score"],
    ].map(([name, value, shown, css]) => {
      const fill = node("span", { className: `mnc-pp-fill ${css}` });
      fill.style.width = `${Math.round(Math.min(1, Math.max(0, value)) * 1000) / 10}%`;
      return node("div", { className: "mnc-pp-bar" }, [
        node("span", { className: "mnc-pp-bar-name", text: name }),
        node("span", { className: "mnc-pp-track" }, [fill]),
        node("span", { className: "mnc-pp-value", text: shown }),
      ]);
    });
    box.append(node("div", { className: "mnc-pp-row" }, [node("p", { className: "mnc-pp-label", text: module.title }), ...bars]));
  }
  return box;
}

// A table whose caption sits outside its sideways-scroll box, so on a phone the caption wraps
// instead of being cut off; the caption names the keyboard-reachable box and the table.
function captionedTable(id, caption, table) {
  table.setAttribute("aria-labelledby", id);
  return node("figure", { className: "mnc-pp-figure" }, [
    node("figcaption", { id, text: caption }),
    node("div", { className: "mnc-pp-scroll", role: "region", tabindex: "0", "aria-labelledby": id }, [table]),
  ]);
}

// In JupyterLab a link inside a widget opens a second JupyterLab in a new tab: there the names
// stay text and the kernel puts the same links in an output below (progress/lesson_links.py).
function link(item, onSite) {
  return onSite ? { href: item.href } : {};
}

function table(summary, onSite) {
  const body = node("tbody");
  for (const module of summary.modules) {
    body.append(
      node("tr", {}, [
        node("th", { scope: "row" }, [node("a", { ...link(module, onSite), text: module.title })]),
        node("td", { text: `${module.answered} of ${module.total} (${percent(module.completion)})` }),
        node("td", { text: percent(module.score) }),
      ]),
    );
  }
  return captionedTable(
    "mnc-pp-table-caption",
    "Completion and score per module (your latest answer to each question)",
    node("table", { className: "mnc-pp-table" }, [
      node("thead", {}, [
        node("tr", {}, [node("th", { scope: "col", text: "Module" }), node("th", { scope: "col", text: "Answered" }), node("th", { scope: "col", text: "Score" })]),
      ]),
      body,
    ]),
  );
}

function reviewList(summary, course, onSite) {
  const section = node("section", { "aria-labelledby": "mnc-pp-review" }, [node("h3", { id: "mnc-pp-review", text: "Worth another look" })]);
  const objectives = [...summary.review.keys()].filter((id) => has(course.objectives, id));
  if (!objectives.length) {
    section.append(node("p", { text: "Nothing to review: each of your latest answers was right, or you have not answered yet." }));
    return section;
  }
  const where = onSite ? "Each link opens the lesson section that teaches it." : "The links below this box open the lesson section that teaches each.";
  section.append(node("p", { text: `You answered a question on each of these objectives wrongly or only partly. ${where}` }));
  const list = node("ul");
  for (const id of objectives) {
    const objective = course.objectives[id];
    const count = summary.review.get(id).length;
    list.append(
      node("li", {}, [
        node("a", { ...link(objective, onSite), text: objective.text }),
        document.createTextNode(` (${count} question${count === 1 ? "" : "s"})`),
      ]),
    );
  }
  section.append(list);
  return section;
}

function completionRecord(result, trainee, course, onSite) {
  const titles = Object.fromEntries(course.modules.map((m) => [m.id, m.title]));
  const rows = node("tbody");
  for (const [module, entry] of Object.entries(result.per_module)) {
    rows.append(node("tr", {}, [node("th", { scope: "row", text: titles[module] || module }), node("td", { text: String(entry.questions) }), node("td", { text: percent(entry.score) })]));
  }
  const date = dateText(result.time);
  const outcome = result.passed ? "Reached the pass mark" : "Did not reach the pass mark";
  const details = node("dl", {}, [
    node("dt", { text: "Name" }), node("dd", { text: result.name || trainee.name || "(type your name above)" }),
    ...(date ? [node("dt", { text: "Date" }), node("dd", { text: date })] : []),
    node("dt", { text: "Score" }), node("dd", { text: `${percent(result.score)} (${result.question_ids.length} questions${onSite ? ", the website's fixed set" : `, attempt ${result.attempt}`})` }),
    node("dt", { text: "Pass mark" }), node("dd", { text: `${percent(result.pass_mark)}: ${outcome}` }),
  ]);
  return node("article", { className: "mnc-completion", "aria-labelledby": "mnc-pp-completion-title" }, [
    node("p", { className: "mnc-completion-stamp" }, [node("strong", { text: completion.not_a_certificate })]),
    node("h3", { id: "mnc-pp-completion-title", text: "Microneedling course: completion record" }),
    details,
    captionedTable(
      "mnc-pp-completion-caption",
      "Score per module",
      node("table", {}, [
        node("thead", {}, [node("tr", {}, [node("th", { scope: "col", text: "Module" }), node("th", { scope: "col", text: "Questions" }), node("th", { scope: "col", text: "Score" })])]),
        rows,
      ]),
    ),
    node("p", { className: "mnc-completion-note", text: completion.explainer }),
  ]);
}

function render({ model, el }) {
  const course = model.get("course") || { modules: [], objectives: {}, questions: {}, assessment: {} };
  const onSite = model.get("host") === "static";
  const storageKey = storage.progress;
  const root = node("div", { className: "mnc-card mnc-progress-page" });
  const status = node("p", { className: "mnc-pp-status", role: "status", "aria-live": "polite" });
  const content = node("div");
  const trainee = onSite ? readTrainee() : { name: "", id: "" };
  // What the kernel last sent (live only): records, assessments, trainee, chart, path.
  let live = { available: false, records: [], assessments: [] };

  const records = () => {
    if (!onSite) return (Array.isArray(live.records) ? live.records : []).filter(isRecord);
    const read = readProgress();
    if (read.notice) status.textContent = read.notice;
    return read.records;
  };
  const assessments = () => {
    if (!onSite) return live.assessments || [];
    const site = siteAssessment(records(), course);
    return site && site.complete ? [site] : [];
  };
  const exportDocument = () => ({
    schema_version: 1,
    kind: "microneedling-course-progress",
    trainee: { ...trainee },
    records: records(),
    assessments: assessments(),
    exported: new Date().toISOString(),
  });

  const nameInput = node("input", { id: "mnc-pp-name", type: "text", autocomplete: "name", value: trainee.name });
  const idInput = node("input", { id: "mnc-pp-id", type: "text", value: trainee.id });
  const saveTrainee = () => {
    trainee.name = nameInput.value.trim();
    trainee.id = idInput.value.trim();
    if (onSite && !storeTrainee(trainee)) {
      status.textContent = "This browser would not save your name; it is still used for this visit.";
    }
    draw();
  };
  nameInput.addEventListener("change", saveTrainee);
  idInput.addEventListener("change", saveTrainee);
  const who = node("fieldset", { className: "mnc-pp-who" }, [
    node("legend", { text: onSite ? "Who this record belongs to (kept only in this browser)" : "Who this record belongs to (shown on your exported record)" }),
    node("label", { for: "mnc-pp-name", text: "Your name" }), nameInput,
    node("label", { for: "mnc-pp-id", text: "Trainee id (if your instructor gave you one)" }), idInput,
  ]);

  const button = (text, onClick, extra = "") => {
    const element = node("button", { type: "button", className: `mnc-pp-button ${extra}`.trim(), text });
    element.addEventListener("click", onClick);
    return element;
  };
  const refresh = onSite ? [] : [button("Refresh", () => model.send({ type: "refresh" }))];
  const actions = node("div", { className: "mnc-pp-actions", role: "group", "aria-label": "Your record" }, [
    ...refresh,
    button("Export my record (JSON)", () => {
      download(`${fileStem(trainee)}.json`, "application/json", JSON.stringify(exportDocument(), null, 1));
      status.textContent = "Your record was saved as a JSON file.";
    }),
    button("Export my record (CSV)", () => {
      download(`${fileStem(trainee)}.csv`, "text/csv", recordCsv(exportDocument()));
      status.textContent = "Your record was saved as a CSV file.";
    }),
    button("Clear my progress…", () => {
      const sure = window.confirm("Delete every answer recorded here? This cannot be undone. Export your record first if you need it.");
      if (!sure) {
        status.textContent = "Nothing was deleted.";
        return;
      }
      if (onSite) {
        if (!clearProgress()) {
          status.textContent = "This browser would not clear its storage.";
          return;
        }
      } else {
        model.send({ type: "clear" });
      }
      status.textContent = "Your progress was cleared.";
      draw();
    }, "mnc-pp-danger"),
  ]);

  function draw() {
    const all = records();
    const summary = summarise(all, course);
    content.replaceChildren();
    if (!onSite && !live.available) {
      content.append(node("p", { className: "mnc-pp-empty", text: "Waiting for Python… If nothing appears, run this cell again (Shift+Enter)." }));
    } else if (!all.length) {
      content.append(node("p", { className: "mnc-pp-empty", text: onSite ? "No answers are recorded in this browser yet. Check an answer in any lesson quiz and come back." : "No answers are recorded in your progress file yet." }));
    }
    const picture = !onSite && live.chart
      ? node("img", { src: live.chart, className: "mnc-pp-chart-image", alt: "Bar chart of completion and score for each module; the same numbers are in the table below." })
      : chart(summary);
    content.append(node("h3", { text: "Completion and score" }), picture, table(summary, onSite), reviewList(summary, course, onSite));
    if (!onSite && live.path) content.append(node("p", { className: "mnc-pp-path", text: `Your progress file: ${live.path}` }));
    const section = node("section", { "aria-labelledby": "mnc-pp-final" }, [node("h3", { id: "mnc-pp-final", text: "Final self-assessment" })]);
    const results = assessments();
    if (results.length) {
      const last = results[results.length - 1];
      section.append(completionRecord(last, trainee, course, onSite), button("Print or save as PDF", () => window.print()));
    } else {
      const site = onSite ? siteAssessment(all, course) : null;
      const progress = site ? ` You have answered ${site.answered} of its ${site.total} questions.` : "";
      section.append(node("p", { text: `Submit the final assessment to see your completion record here.${progress}` }));
    }
    content.append(section);
  }

  root.append(who, actions, status, content);
  el.replaceChildren(root);
  draw();
  const onMessage = (message) => {
    if (!message || message.type !== "progress") return;
    live = { records: [], assessments: [], ...message };
    if (live.trainee && !nameInput.value && !idInput.value) {
      trainee.name = nameInput.value = String(live.trainee.name || "");
      trainee.id = idInput.value = String(live.trainee.id || "");
    }
    draw();
  };
  const onStorage = (event) => {
    if (event.key === storageKey) draw();
  };
  if (onSite) {
    window.addEventListener("storage", onStorage);
  } else {
    model.on("msg:custom", onMessage);
    model.send({ type: "refresh" });
  }
  return () => {
    model.off("msg:custom", onMessage);
    window.removeEventListener("storage", onStorage);
  };
}

const widget = { render };
export default widget;
mountOnSite("progress-page.js", widget);
