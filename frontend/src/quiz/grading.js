// Grades a response to one question with the same rules as microneedling_course/grading.py; the
// shared cases in tests/shared/grading_cases.yml run through both (pytest, Node and Chromium).
import { relative_slack as RELATIVE_SLACK, verdicts } from "../generated/course-constants.json";

export class ResponseError extends Error {
  name = "ResponseError";
}

const [CORRECT, PARTIAL, INCORRECT, UNANSWERED] = verdicts;
const round6 = (value) => Math.round(Math.min(1, Math.max(0, value)) * 1e6) / 1e6;
const verdictFor = (score) => (score >= 1 ? CORRECT : score > 0 ? PARTIAL : INCORRECT);
const unanswered = () => ({ score: 0, verdict: UNANSWERED, feedback: [] });
const isList = Array.isArray;

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
    if (grades.every((grade) => grade.verdict === UNANSWERED)) {
      return { score: 0, verdict: UNANSWERED, feedback: [], parts };
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
