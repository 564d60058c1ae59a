"""The aftercare-day lab: what to expect, do, avoid and watch for on a day after treatment."""

import html

import traitlets

from ..core.paths import static_path
from ..course_data.aftercare import load_aftercare_data, sign_heading, urgency_levels
from ..course_data.sources import source_labels
from ..quiz.hosting import HostedWidget

AVOID_STATUS_TEXT = {
    "avoid": "Avoid now",
    "check": "Typical period ends around now: follow your clinic's own aftercare sheet",
    "over": "Typical period is over",
    "healed": "Fine once the skin has fully healed",
}


def _covers(entry: dict, day: int) -> bool:
    to_day = entry.get("to_day")
    return entry["from_day"] <= day and (to_day is None or day <= to_day)


def _expected_entry(item, stage: dict) -> dict:
    # A plain sentence takes its stage's basis and sources; a mapping may carry its own.
    if isinstance(item, str):
        item = {"text": item}
    return {
        "text": item["text"],
        "basis": item.get("basis", stage["basis"]),
        "sources": list(item.get("sources", stage["sources"])),
    }


def _avoid_status(item: dict, day: int, healing_window_days: int) -> str:
    if item.get("until") == "healed":
        return "avoid" if day <= healing_window_days else "healed"
    shortest, longest = item["typical_hours"]
    hours = day * 24
    if hours < shortest:
        return "avoid"
    if hours <= longest:
        return "check"
    return "over"


def _next_session(course: dict, day: int) -> dict:
    plan = course["next_session"]
    if day < plan["earliest_day"]:
        status, headline = "not-yet", "Too early for the next session."
    elif day <= plan["latest_day"]:
        status, headline = "window", "Within the typical window, if the skin has fully recovered."
    else:
        status, headline = "past", "Past the typical interval; plan with the clinician."
    return {
        "status": status,
        "headline": headline,
        "text": plan["text"],
        "sources": list(plan["sources"]),
    }


def _day_title(day: int) -> str:
    if day == 0:
        return "Day 0 (treatment day)"
    if day == 1:
        return "Day 1 (24 hours after treatment)"
    if day % 7 == 0 and day >= 14:
        return f"Day {day} ({day // 7} weeks after treatment)"
    return f"Day {day} ({day * 24} hours after treatment)" if day <= 3 else f"Day {day}"


def aftercare_for_day(day: int, data: dict | None = None) -> dict:
    """What is expected, what to do and avoid, and which signs need review on a given day."""
    if isinstance(day, bool) or not isinstance(day, int) or day < 0:
        raise ValueError(f"day must be a whole number of days from 0, not {day!r}")
    data = data or load_aftercare_data()
    course = data["course"]
    healing_window = course["healing_window_days"]
    stages = [stage for stage in course["stages"] if _covers(stage, day)]
    expected = [_expected_entry(item, stage) for stage in stages for item in stage["expected"]]
    care = [
        {"text": item["do"], "basis": item["basis"], "sources": list(item["sources"])}
        for item in data["care"]["items"]
        if _covers(item, day)
    ]
    avoid = []
    for item in data["avoid"]["items"]:
        status = _avoid_status(item, day, healing_window)
        avoid.append(
            {
                "id": item["id"],
                "text": item["avoid"],
                "status": status,
                "status_text": AVOID_STATUS_TEXT[status],
                "period_text": item["period_text"],
                "why": item["why"],
                "basis": item["basis"],
                "sources": list(item["why_sources"]),
            }
        )
    signs = data["signs"]
    levels = urgency_levels(signs)
    review = [
        {
            "id": sign["id"],
            "sign": sign["sign"],
            "possible_cause": sign["possible_cause"],
            "timing": sign["timing"],
            "urgency": sign["urgency"],
            "urgency_label": levels[sign["urgency"]]["label"],
            "urgent": sign["urgency"] == "urgent",
            "heading": sign_heading(sign, levels[sign["urgency"]]),
            "after_rf": bool(sign.get("after_rf")),
            "watch_from_day": sign["watch_from_day"],
            "action": levels[sign["urgency"]]["action"],
            "sources": list(sign["sources"]),
        }
        for sign in signs["signs"]
        if sign["watch_from_day"] <= day
    ]
    return {
        "day": day,
        "title": _day_title(day),
        "stages": [stage["label"] for stage in stages],
        "expected": expected,
        "do": care,
        "avoid": avoid,
        "review_signs": review,
        "next_session": _next_session(course, day),
    }


def _keys_used(days: list[dict]) -> list[str]:
    keys: list[str] = []
    for day in days:
        for group in ("expected", "do", "avoid", "review_signs"):
            for entry in day[group]:
                keys.extend(k for k in entry["sources"] if k not in keys)
        keys.extend(k for k in day["next_session"]["sources"] if k not in keys)
    return keys


def aftercare_model(data: dict | None = None) -> dict:
    """Everything the lab's front-end needs: every lab day computed, plus source labels."""
    data = data or load_aftercare_data()
    days = [aftercare_for_day(day, data) for day in data["course"]["lab_days"]]
    return {
        "days": days,
        "sources": source_labels(_keys_used(days)),
        "note": "Education, not diagnosis: periods are typical ranges from clinic protocols "
        "and expert opinion, not trial results.",
    }


def _source_text(keys: list[str], labels: dict[str, str]) -> str:
    return "; ".join(labels[key] for key in keys)


def _items_html(entries: list[dict], text_key: str, labels: dict[str, str]) -> str:
    rows = []
    for entry in entries:
        sources = _source_text(entry["sources"], labels)
        suffix = f" <small>({html.escape(sources)})</small>" if sources else ""
        rows.append(f"<li>{html.escape(entry[text_key])}{suffix}</li>")
    return "<ul>" + "".join(rows) + "</ul>"


def _sign_html(sign: dict, labels: dict[str, str]) -> str:
    sources = _source_text(sign["sources"], labels)
    suffix = f" <small>({html.escape(sources)})</small>" if sources else ""
    return (
        f"<li><strong>{html.escape(sign['heading'])}</strong>: possible "
        f"{html.escape(sign['possible_cause'])} ({html.escape(sign['timing'])}). "
        f"{html.escape(sign['action'])}{suffix}</li>"
    )


def aftercare_fallback_html(model: dict) -> str:
    """Escaped HTML for readers without JavaScript: the warning signs once, then each lab day.

    The signs are listed once, most urgent first; each day shows only the signs that start
    to apply that day, so a reader (or a site search) does not meet the full list a dozen times.
    """
    labels = model["sources"]
    days = model["days"]
    every_sign = days[-1]["review_signs"] if days else []
    parts = [
        '<div class="mnc-aftercare-fallback">',
        f"<p>{html.escape(model['note'])}</p>",
        "<h3>Signs that need medical review, and how soon</h3>",
        "<ul>" + "".join(_sign_html(sign, labels) for sign in every_sign) + "</ul>",
    ]
    seen: set[str] = set()
    for day in days:
        avoid_rows = "".join(
            f"<li>{html.escape(item['text'])}: {html.escape(item['status_text'])} "
            f"(typical period: {html.escape(item['period_text'])})</li>"
            for item in day["avoid"]
        )
        new_signs = [sign for sign in day["review_signs"] if sign["id"] not in seen]
        seen.update(sign["id"] for sign in new_signs)
        signs_part = (
            "<h3>Warning signs to watch for from this day</h3><ul>"
            + "".join(f"<li>{html.escape(sign['heading'])}</li>" for sign in new_signs)
            + "</ul>"
            if new_signs
            else ""
        )
        parts.append(
            f"<details><summary>{html.escape(day['title'])}</summary>"
            f"<h3>What is expected</h3>{_items_html(day['expected'], 'text', labels)}"
            f"<h3>What to do</h3>{_items_html(day['do'], 'text', labels)}"
            f"<h3>What to avoid</h3><ul>{avoid_rows}</ul>"
            f"{signs_part}"
            f"<h3>Next session</h3><p>{html.escape(day['next_session']['headline'])} "
            f"{html.escape(day['next_session']['text'])}</p>"
            "</details>"
        )
    parts.append("</div>")
    return "".join(parts)


class AftercareDay(HostedWidget):
    """The lab widget: a day picker and that day's aftercare, all precomputed into `data`."""

    _esm = static_path("aftercare-day.js")
    _css = static_path("aftercare-day.css")
    data = traitlets.Dict().tag(sync=True)

    def fallback_html(self) -> str:
        return aftercare_fallback_html(self.data)


def show_aftercare_day(data: dict | None = None) -> AftercareDay:
    """The aftercare-day lab for a lesson cell (it displays itself as the cell's result)."""
    return AftercareDay(data=aftercare_model(data))
