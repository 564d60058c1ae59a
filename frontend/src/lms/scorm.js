// The SCORM bridge of the course package (SCORM 1.2 and SCORM 2004): standalone, no imports.
// The packager (instructor/exports/scorm.py) puts this module and a <meta name="mnc-scorm"> into
// each launch page of the package, and into nothing else. Without an LMS API the page is the
// site as it always is: this module finds no API and does nothing.
//
// It listens to the quiz through the site's own signals: the "mnc:progress" event that the quiz
// dispatches on document after it has recorded progress, and the progress kept in localStorage.
// - A lesson is "completed" once every question of its quiz has been answered at least once
//   (right or wrong); its score is the mean of the latest answer to each question.
// - The final assessment reports its score (0-100) and "passed" or "failed" against the pass
//   mark the packager wrote into the meta tag (data/assessment/final-assessment.yml).
// - suspend_data keeps the latest answer to each of the page's questions, so a relaunch on
//   another computer restores the learner's progress into this browser's storage.
// - session_time is set, and the session ends (LMSFinish / Terminate) when the page is left.

const PROGRESS_KEY = "mnc-progress-v1";
const SUSPEND_VERSION = 1;
const MAX_PARENTS = 500;

const DIALECTS = {
  "1.2": {
    name: "API",
    initialize: "LMSInitialize",
    get: "LMSGetValue",
    set: "LMSSetValue",
    commit: "LMSCommit",
    finish: "LMSFinish",
    exit: "cmi.core.exit",
    sessionTime: "cmi.core.session_time",
    score: "cmi.core.score",
    suspendLimit: 4096,
  },
  2004: {
    name: "API_1484_11",
    initialize: "Initialize",
    get: "GetValue",
    set: "SetValue",
    commit: "Commit",
    finish: "Terminate",
    exit: "cmi.exit",
    sessionTime: "cmi.session_time",
    score: "cmi.score",
    suspendLimit: 64000,
  },
};

// ------------------------------------------------------------------ finding the LMS's API
// The run-time specifications' search: the window's parents, then the opener's.
function searchParents(start, name) {
  let win = start;
  for (let hops = 0; win && hops <= MAX_PARENTS; hops += 1) {
    try {
      if (win[name]) return win[name];
    } catch (error) {
      // A parent on another origin cannot be read: keep climbing.
    }
    if (!win.parent || win.parent === win) break;
    win = win.parent;
  }
  return null;
}

export function findApi(start = window) {
  for (const version of ["2004", "1.2"]) {
    const name = DIALECTS[version].name;
    let api = searchParents(start, name);
    if (!api) {
      try {
        if (start.opener) api = searchParents(start.opener, name);
      } catch (error) {
        api = null;
      }
    }
    if (api) return { api, version };
  }
  return null;
}

// ------------------------------------------------------------------ time formats
export function scorm12Time(milliseconds) {
  const hundredths = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.min(9999, Math.floor(hundredths / 360000));
  const minutes = Math.floor((hundredths % 360000) / 6000);
  const seconds = (hundredths % 6000) / 100;
  const pad = (value, width) => String(value).padStart(width, "0");
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${seconds.toFixed(2).padStart(5, "0")}`;
}

export function scorm2004Time(milliseconds) {
  const hundredths = Math.max(0, Math.round(milliseconds / 10));
  const hours = Math.floor(hundredths / 360000);
  const minutes = Math.floor((hundredths % 360000) / 6000);
  const seconds = (hundredths % 6000) / 100;
  return `PT${hours}H${minutes}M${seconds.toFixed(2)}S`;
}

// ------------------------------------------------------------------ the site's progress
function readProgress() {
  try {
    const stored = JSON.parse(localStorage.getItem(PROGRESS_KEY) || "null");
    return stored && Array.isArray(stored.records) ? stored : { records: [] };
  } catch (error) {
    return { records: [] };
  }
}

function isRecord(value) {
  return (
    value &&
    typeof value.module === "string" &&
    typeof value.question_id === "string" &&
    typeof value.verdict === "string" &&
    typeof value.score === "number" &&
    Number.isFinite(value.score) &&
    typeof value.time === "string"
  );
}

// The latest record of each question of `ids` (from `module` only, when given).
export function latestAnswers(records, ids, module = null) {
  const wanted = new Set(ids);
  const latest = new Map();
  for (const record of records) {
    if (!isRecord(record) || !wanted.has(record.question_id)) continue;
    if (module && record.module !== module) continue;
    const previous = latest.get(record.question_id);
    if (!previous || previous.time <= record.time) latest.set(record.question_id, record);
  }
  return latest;
}

// suspend_data: {"v":1,"r":[[question_id, module, verdict, score, time], ...]}, newest kept
// when the LMS's limit (4096 characters in SCORM 1.2) would be passed.
export function encodeSuspend(records, limit) {
  const rows = [...records]
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0))
    .map((r) => [r.question_id, r.module, r.verdict, r.score, r.time]);
  let text = JSON.stringify({ v: SUSPEND_VERSION, r: rows });
  while (text.length > limit && rows.length) {
    rows.shift();
    text = JSON.stringify({ v: SUSPEND_VERSION, r: rows });
  }
  return text;
}

export function decodeSuspend(text) {
  try {
    const data = JSON.parse(text || "null");
    if (!data || data.v !== SUSPEND_VERSION || !Array.isArray(data.r)) return [];
    return data.r
      .filter((row) => Array.isArray(row) && row.length === 5)
      .map(([question_id, module, verdict, score, time]) => ({ module, question_id, response: null, verdict, score, time }))
      .filter(isRecord);
  } catch (error) {
    return [];
  }
}

// Records from the LMS that this browser does not hold yet are added to its progress.
function restore(records) {
  if (!records.length) return;
  try {
    const data = readProgress();
    const known = new Set(data.records.filter(isRecord).map((r) => `${r.module}\u0000${r.question_id}\u0000${r.time}`));
    for (const record of records) {
      if (!known.has(`${record.module}\u0000${record.question_id}\u0000${record.time}`)) data.records.push(record);
    }
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(data));
  } catch (error) {
    // No storage in this browser: the LMS still has the learner's status and score.
  }
}

// ------------------------------------------------------------------ the page's quiz
// The page's quiz as {module, questions: [{id}]}: the site's state holds the quiz's settings and
// a key per question id (quiz/site_key.py); a whole quiz model lists its questions.
function pageQuiz() {
  for (const script of document.querySelectorAll('[data-mnc-widget="quiz.js"] > script[type="application/json"]')) {
    try {
      const quiz = JSON.parse(script.textContent).quiz;
      const keyed = quiz && quiz.keys && typeof quiz.keys === "object" ? Object.keys(quiz.keys) : [];
      const ids = quiz && Array.isArray(quiz.questions) ? quiz.questions.map((view) => view.id) : keyed;
      if (ids.length) return { module: quiz.module, questions: ids.map((id) => ({ id })) };
    } catch (error) {
      // An unreadable quiz is the quiz's own problem; this page reports nothing for it.
    }
  }
  return null;
}

function settings() {
  const meta = document.querySelector('meta[name="mnc-scorm"]');
  try {
    return JSON.parse(meta ? meta.getAttribute("content") : "null");
  } catch (error) {
    return null;
  }
}

// ------------------------------------------------------------------ one LMS session
export function connect({ api, version }, sco, quiz) {
  const dialect = DIALECTS[version];
  const call = (method, ...args) => {
    try {
      return String(api[dialect[method]](...args));
    } catch (error) {
      return "";
    }
  };
  const get = (name) => call("get", name);
  const set = (name, value) => call("set", name, String(value)) === "true";
  if (call("initialize", "") !== "true") return null;
  const started = Date.now();
  let open = true;
  const ids = quiz ? quiz.questions.map((view) => view.id) : [];
  const module = sco.kind === "assessment" && quiz ? quiz.module : null;

  restore(decodeSuspend(get("cmi.suspend_data")));

  function statusNow() {
    return version === "1.2" ? get("cmi.core.lesson_status") : get("cmi.completion_status");
  }

  function setScore(share) {
    const raw = Math.round(Math.min(1, Math.max(0, share)) * 100);
    set(`${dialect.score}.min`, 0);
    set(`${dialect.score}.max`, 100);
    set(`${dialect.score}.raw`, raw);
    if (version === "2004") set("cmi.score.scaled", raw / 100);
  }

  function reportLesson(latest) {
    const complete = ids.length > 0 && latest.size === ids.length;
    if (latest.size) setScore([...latest.values()].reduce((sum, r) => sum + r.score, 0) / latest.size);
    const done = ["completed", "passed"].includes(statusNow());
    if (version === "1.2") {
      if (complete) set("cmi.core.lesson_status", "completed");
      else if (!done) set("cmi.core.lesson_status", "incomplete");
    } else if (complete || !done) {
      set("cmi.completion_status", complete ? "completed" : "incomplete");
    }
  }

  function reportAssessment(share) {
    const passed = share + 1e-9 >= sco.pass_mark;
    setScore(share);
    if (version === "1.2") {
      set("cmi.core.lesson_status", passed ? "passed" : "failed");
    } else {
      set("cmi.completion_status", "completed");
      set("cmi.success_status", passed ? "passed" : "failed");
    }
  }

  function assessmentShare(detail, latest) {
    if (detail && typeof detail.score === "number" && Number.isFinite(detail.score)) return detail.score;
    if (!ids.length || latest.size < ids.length) return null;
    return [...latest.values()].reduce((sum, r) => sum + r.score, 0) / ids.length;
  }

  function update(detail = null) {
    if (!open) return;
    const latest = latestAnswers(readProgress().records, ids, module);
    if (sco.kind === "assessment") {
      const share = assessmentShare(detail, latest);
      if (share !== null) reportAssessment(share);
      else if (statusNow() === "not attempted") set(version === "1.2" ? "cmi.core.lesson_status" : "cmi.completion_status", "incomplete");
    } else {
      reportLesson(latest);
    }
    set("cmi.suspend_data", encodeSuspend([...latest.values()], dialect.suspendLimit));
    call("commit", "");
  }

  function finish() {
    if (!open) return;
    const elapsed = Date.now() - started;
    set(dialect.sessionTime, version === "1.2" ? scorm12Time(elapsed) : scorm2004Time(elapsed));
    set(dialect.exit, "suspend");
    call("commit", "");
    call("finish", "");
    open = false;
  }

  document.addEventListener("mnc:progress", (event) => {
    const detail = event.detail || {};
    if (detail.kind === "assessment" && sco.kind !== "assessment") return;
    update(detail.kind === "assessment" ? detail : null);
  });
  window.addEventListener("pagehide", finish);
  update();
  return { update, finish, version };
}

export function start() {
  const sco = settings();
  if (!sco || !["lesson", "assessment"].includes(sco.kind)) return null;
  const found = findApi(window);
  if (!found) return null;
  return connect(found, sco, pageQuiz());
}

start();
