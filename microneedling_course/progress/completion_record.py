"""The printable completion record (HTML, prints to PDF): self-assessed, not a certificate."""

import html
from datetime import datetime

NOT_A_CERTIFICATE = "Self-assessed — not a certificate of competence"
EXPLAINER = (
    "This record shows the result of a self-assessment in an open training course. "
    "It does not certify competence, does not license anyone to perform microneedling, "
    "and is not medical advice. Practice is governed by the law where you work."
)


def completion_record_html(result: dict, module_titles: dict[str, str], *, standalone=True) -> str:
    """The completion record of one assessment result (the dict from AssessmentResult.to_dict)."""
    name = result.get("name") or "(no name given)"
    date = _date(result.get("time", ""))
    score = result.get("score", 0.0)
    pass_mark = result.get("pass_mark", 0.8)
    outcome = "Reached the pass mark" if result.get("passed") else "Did not reach the pass mark"
    rows = "".join(
        f"<tr><th scope='row'>{html.escape(module_titles.get(m, m))}</th>"
        f"<td>{entry['questions']}</td><td>{entry['score']:.0%}</td></tr>"
        for m, entry in result.get("per_module", {}).items()
    )
    body = (
        "<article class='mnc-completion' aria-labelledby='mnc-completion-title'>"
        f"<p class='mnc-completion-stamp'><strong>{NOT_A_CERTIFICATE}</strong></p>"
        "<h2 id='mnc-completion-title'>Microneedling course: completion record</h2>"
        "<dl>"
        f"<dt>Name</dt><dd>{html.escape(name)}</dd>"
        + (
            f"<dt>Trainee id</dt><dd>{html.escape(result['trainee_id'])}</dd>"
            if result.get("trainee_id")
            else ""
        )
        + f"<dt>Date</dt><dd>{html.escape(date)}</dd>"
        f"<dt>Attempt</dt><dd>{int(result.get('attempt', 1))}</dd>"
        f"<dt>Score</dt><dd>{score:.0%} ({len(result.get('question_ids', []))} questions)</dd>"
        f"<dt>Pass mark</dt><dd>{pass_mark:.0%}: {outcome}</dd>"
        "</dl>"
        "<div class='mnc-scroll'><table><caption>Score per module</caption>"
        "<thead><tr><th scope='col'>Module</th><th scope='col'>Questions</th>"
        f"<th scope='col'>Score</th></tr></thead><tbody>{rows}</tbody></table></div>"
        f"<p class='mnc-completion-note'>{html.escape(EXPLAINER)}</p>"
        "</article>"
    )
    if not standalone:
        return f"<style>{COMPLETION_CSS}</style>{body}"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Completion record: {html.escape(name)}</title>"
        f"<style>{COMPLETION_CSS}</style></head><body>{body}</body></html>"
    )


def _date(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.strftime("%d %B %Y")


COMPLETION_CSS = """
.mnc-completion { font-family: system-ui, sans-serif; color: #1a1a1a; max-width: 40rem;
  margin: 1rem auto; padding: 1rem 1.25rem; border: 3px double #333; line-height: 1.45; }
.mnc-completion-stamp { border: 2px solid #8a1c1c; color: #8a1c1c; padding: 0.4rem 0.6rem;
  text-align: center; font-size: 1.05rem; }
.mnc-completion dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
.mnc-completion dt { font-weight: 600; }
.mnc-completion dd { margin: 0; }
.mnc-completion .mnc-scroll { overflow-x: auto; }
.mnc-completion table { border-collapse: collapse; width: 100%; }
.mnc-completion th, .mnc-completion td { border: 1px solid #777; padding: 0.25rem 0.5rem;
  text-align: left; }
.mnc-completion caption { text-align: left; font-weight: 600; }
.mnc-completion-note { font-size: 0.9rem; }
@media print {
  body * { visibility: hidden; }
  .mnc-completion, .mnc-completion * { visibility: visible; }
  .mnc-completion { position: absolute; left: 0; top: 0; width: 100%; border: 3px double #000; }
  @page { size: A4; margin: 18mm; }
}
"""
