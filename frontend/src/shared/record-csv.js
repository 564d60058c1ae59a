// The trainee's record as CSV, byte for byte what microneedling_course/record_export.py writes
// (a parity test runs both on the same records): spreadsheet-safe cells (OWASP CSV injection),
// scores to four decimals, responses as compact JSON.
import { assessment, csv_columns as CSV_COLUMNS } from "../generated/course-constants.json";

// A cell a spreadsheet shows as text: a leading = + - @ tab or carriage return gets a ' in front
// (so it is never read as a formula), as does a leading ' (so reading back can tell the added
// quote from the trainee's own), and a cell holding a quote, comma or line break is quoted.
export function spreadsheetCell(value) {
  let text = String(value ?? "");
  if (/^[=+\-@\t\r']/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A score in 0..1 to at most four decimals, the same digits in both languages ("0.6667", "1").
export function scoreText(score) {
  const value = Number(score);
  const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  const tenThousandths = Math.floor(clamped * 10000 + 0.5);
  const whole = Math.floor(tenThousandths / 10000);
  const fraction = String(tenThousandths % 10000).padStart(4, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

export function recordCsv(document_) {
  const name = document_.trainee.name;
  const id = document_.trainee.id;
  const rows = [CSV_COLUMNS];
  for (const r of document_.records) {
    rows.push(["attempt", name, id, r.module, r.question_id, r.verdict, scoreText(r.score), r.time, JSON.stringify(r.response ?? null)]);
  }
  for (const a of document_.assessments) {
    const verdict = a.passed ? "passed" : "not-passed";
    rows.push(["assessment", name, id, assessment.module, a.attempt_id ?? "", verdict, scoreText(a.score ?? 0), a.time ?? "", JSON.stringify(a)]);
  }
  return rows.map((row) => row.map(spreadsheetCell).join(",")).join("\n") + "\n";
}
