"""The client-screening lab: combine a client's findings into one decision by the data's rules."""

import html
from dataclasses import dataclass, field

import traitlets

from ..core.paths import static_path
from ..course_data.screening import (
    STANDARD_PRACTICE,
    STANDARD_PRACTICE_LABEL,
    ScreeningDataError,
    load_cases,
    load_rules,
)
from ..course_data.sources import source_labels
from ..quiz.hosting import HostedWidget


@dataclass(frozen=True)
class Reason:
    """One finding's contribution to the decision."""

    finding: str | None
    label: str
    decision: str
    reason: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class ScreeningResult:
    """The combined decision for a client, with every reason, most restrictive first."""

    decision: str
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def decisive_findings(self) -> list[str]:
        """Findings whose own decision is the combined decision (they set it)."""
        return [r.finding for r in self.reasons if r.finding and r.decision == self.decision]


def screen_client(case: dict, rules: dict) -> ScreeningResult:
    """Combine a case's findings: the most restrictive decision wins and every reason is kept."""
    order = [d["id"] for d in rules["decisions"]]
    by_id = {f["id"]: f for f in rules["findings"]}
    reasons = []
    for finding_id in case.get("findings") or []:
        if finding_id not in by_id:
            raise ScreeningDataError(
                f"case {case.get('id')!r}: finding {finding_id!r} has no rule in rules.yml"
            )
        rule = by_id[finding_id]
        reasons.append(
            Reason(
                finding=finding_id,
                label=rule["label"],
                decision=rule["decision"],
                reason=rule["reason"],
                references=tuple(rule["references"]) or (STANDARD_PRACTICE,),
            )
        )
    if not reasons:
        default = rules["no_findings"]
        return ScreeningResult(
            decision=default["decision"],
            reasons=(
                Reason(
                    finding=None,
                    label="No findings that need action",
                    decision=default["decision"],
                    reason=default["reason"],
                    references=tuple(default["references"]),
                ),
            ),
        )
    reasons.sort(key=lambda r: -order.index(r.decision))
    return ScreeningResult(decision=reasons[0].decision, reasons=tuple(reasons))


def screening_model(cases: list[dict] | None = None, rules: dict | None = None) -> dict:
    """Everything the lab's front-end needs: the cases and the rules' precomputed answers."""
    rules = rules or load_rules()
    cases = cases if cases is not None else load_cases()
    labels = {d["id"]: d["label"] for d in rules["decisions"]}
    keys: list[str] = []
    model_cases = []
    for case in cases:
        result = screen_client(case, rules)
        reasons = []
        for reason in result.reasons:
            keys.extend(k for k in reason.references if k not in keys and k != STANDARD_PRACTICE)
            reasons.append(
                {
                    "finding": reason.finding,
                    "label": reason.label,
                    "decision": reason.decision,
                    "decision_label": labels[reason.decision],
                    "reason": reason.reason,
                    "decisive": reason.decision == result.decision,
                    "references": list(reason.references),
                }
            )
        model_cases.append(
            {
                "id": case["id"],
                "title": case["title"],
                "intake": [
                    {"question": row["question"], "answer": row["answer"]} for row in case["intake"]
                ],
                "decision": result.decision,
                "decision_label": labels[result.decision],
                "reasons": reasons,
            }
        )
    return {
        "decisions": [
            {"id": d["id"], "label": d["label"], "meaning": d["meaning"]}
            for d in rules["decisions"]
        ],
        "cases": model_cases,
        "sources": {**source_labels(keys), STANDARD_PRACTICE: STANDARD_PRACTICE_LABEL},
        "note": "A teaching model built from expert lists, not a clinical protocol; "
        "your clinic's medical lead sets the real rules. The clients are fictional.",
    }


def screening_fallback_html(model: dict) -> str:
    """Escaped HTML of every case with the rules' answer behind a disclosure, for no-JS readers."""
    labels = model["sources"]
    parts = ['<div class="mnc-screening-fallback">', f"<p>{html.escape(model['note'])}</p>"]
    for case in model["cases"]:
        intake = "".join(
            f"<dt>{html.escape(row['question'])}</dt><dd>{html.escape(row['answer'])}</dd>"
            for row in case["intake"]
        )
        reasons = "".join(
            f"<li><strong>{html.escape(r['decision_label'])}</strong>: {html.escape(r['label'])}. "
            f"{html.escape(r['reason'])} "
            f"<small>({html.escape('; '.join(labels[k] for k in r['references']))})</small></li>"
            for r in case["reasons"]
        )
        parts.append(
            f"<section><h3>{html.escape(case['title'])}</h3><dl>{intake}</dl>"
            f"<details><summary>Show the rules' decision</summary>"
            f"<p>Decision: <strong>{html.escape(case['decision_label'])}</strong></p>"
            f"<ul>{reasons}</ul></details></section>"
        )
    parts.append("</div>")
    return "".join(parts)


class ClientScreening(HostedWidget):
    """The lab widget: pick a client and a decision, then see the rules' precomputed answer."""

    _esm = static_path("client-screening.js")
    _css = static_path("client-screening.css")
    data = traitlets.Dict().tag(sync=True)

    def fallback_html(self) -> str:
        return screening_fallback_html(self.data)


def show_client_screening() -> ClientScreening:
    """The client-screening lab for a lesson cell (it displays itself as the cell's result)."""
    return ClientScreening(data=screening_model())
