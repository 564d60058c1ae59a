// The site's progress in this browser's localStorage: every stored value is checked before use.
// An unreadable progress value is set aside under a backup key (nothing the trainee did is lost),
// the records that parse are kept, the trainee is told, and recording goes on. Each change is
// announced as a `mnc:progress` CustomEvent on document (see frontend/README.md).
import { storage, verdicts } from "../generated/course-constants.json";

const MAX_TEXT = 500;

const isText = (value) => typeof value === "string" && value.length <= MAX_TEXT;
const isTime = (value) => isText(value) && !Number.isNaN(Date.parse(value));

// One answer as the quiz stores it; anything else in the stored list is set aside.
export function isRecord(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    isText(value.module) &&
    isText(value.question_id) &&
    verdicts.includes(value.verdict) &&
    typeof value.score === "number" &&
    value.score >= 0 &&
    value.score <= 1 &&
    isTime(value.time)
  );
}

function storageOrNull() {
  try {
    return window.localStorage;
  } catch (error) {
    return null; // storage blocked (private mode, policy): the quiz works, nothing is kept
  }
}

function setAside(store, raw) {
  try {
    const key = store.getItem(storage.progress_backup) === null ? storage.progress_backup : `${storage.progress_backup}-${Date.now()}`;
    store.setItem(key, raw);
    return key;
  } catch (error) {
    return "";
  }
}

export const SET_ASIDE_NOTICE =
  "Some progress saved in this browser could not be read. It was set aside (kept under its own name in this browser's storage) and the answers that could be read are kept; new answers are recorded as usual.";

// {records, notice}: the stored answers that are valid; notice is "" unless something was set aside.
export function readProgress() {
  const store = storageOrNull();
  let raw = null;
  try {
    raw = store ? store.getItem(storage.progress) : null;
  } catch (error) {
    raw = null;
  }
  if (raw === null) return { records: [], notice: "" };
  let stored = null;
  try {
    stored = JSON.parse(raw);
  } catch (error) {
    stored = null;
  }
  const list = stored && typeof stored === "object" && Array.isArray(stored.records) ? stored.records : null;
  const records = list ? list.filter(isRecord) : [];
  if (list && records.length === list.length) return { records, notice: "" };
  setAside(store, raw);
  try {
    store.setItem(storage.progress, JSON.stringify({ records }));
  } catch (error) {
    // the value stays as it was; it is set aside again next time
  }
  return { records, notice: SET_ASIDE_NOTICE };
}

export function announce(detail) {
  if (typeof document === "undefined" || typeof CustomEvent !== "function") return;
  document.dispatchEvent(new CustomEvent("mnc:progress", { detail }));
}

// Adds one answer; returns a notice for the trainee ("" when all went well).
export function recordAnswer(record) {
  const { records, notice } = readProgress();
  const store = storageOrNull();
  if (!store) return notice;
  records.push(record);
  try {
    store.setItem(storage.progress, JSON.stringify({ records: records.slice(-storage.max_records) }));
  } catch (error) {
    return notice || "This browser would not keep your answer (its storage is full or blocked); the quiz still works.";
  }
  announce({ kind: "answer", ...record });
  return notice;
}

export function clearProgress() {
  const store = storageOrNull();
  if (!store) return false;
  try {
    store.removeItem(storage.progress);
  } catch (error) {
    return false;
  }
  announce({ kind: "clear", module: "" });
  return true;
}

// The trainee's name and id as saved on the progress page; anything but two short strings is ignored.
export function readTrainee() {
  try {
    const stored = JSON.parse(storageOrNull()?.getItem(storage.trainee) || "null");
    if (stored && typeof stored === "object" && isText(stored.name ?? "") && isText(stored.id ?? "")) {
      return { name: stored.name ?? "", id: stored.id ?? "" };
    }
  } catch (error) {
    // not JSON: ignored
  }
  return { name: "", id: "" };
}

export function saveTrainee(trainee) {
  try {
    storageOrNull().setItem(storage.trainee, JSON.stringify(trainee));
    return true;
  } catch (error) {
    return false;
  }
}
