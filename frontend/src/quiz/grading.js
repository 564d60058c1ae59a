// Grades a response to one question with the same rules as microneedling_course/quiz/grading.py;
// the shared cases in tests/shared/grading_cases.yml run through both (pytest, Node and Chromium).
// Choice and numeric questions are graded here; more-types.js adds ordering, matching and case.
import { relative_slack as RELATIVE_SLACK, verdicts } from "../generated/course-constants.json";

export class ResponseError extends Error {
  name = "ResponseError";
}

const [CORRECT, PARTIAL, INCORRECT, UNANSWERED] = verdicts;
export { UNANSWERED };
const round6 = (value) => Math.round(Math.min(1, Math.max(0, value)) * 1e6) / 1e6;
export const verdictFor = (score) => (score >= 1 ? CORRECT : score > 0 ? PARTIAL : INCORRECT);
export const unanswered = () => ({ score: 0, verdict: UNANSWERED, feedback: [] });
const isList = Array.isArray;

export function graded(score, feedback, itemCorrect) {
  const value = round6(score);
  const grade = { score: value, verdict: verdictFor(value), feedback: feedback.filter(Boolean) };
  if (itemCorrect) grade.item_correct = itemCorrect;
  return grade;
}

export function index(value, count, what) {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value >= count) {
    throw new ResponseError(`${what} should be an index from 0 to ${count - 1}, not ${JSON.stringify(value)}`);
  }
  return value;
}

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
};

// question: Question.to_dict() from grading.py's side (answers as original indices).
export function gradeResponse(question, response) {
  if (response === null || response === undefined) {
    return question.type === "case" ? GRADERS.case(question, {}) : unanswered();
  }
  return GRADERS[question.type](question, response);
}

export const addGraders = (more) => Object.assign(GRADERS, more);
