// The aftercare-day lab (lesson 4): pick a day after treatment and read what is expected, what
// to do, what to avoid and which signs need medical review. Everything is precomputed in Python
// into the model's "data", so the lab works on the static site without a kernel.

import { make, pillGroup, pillRadio, sourcesText } from "../shared/dom.js";
import { mountOnSite } from "../shared/site-host.js";

const STATUS_ICON = { avoid: "✗", check: "…", over: "✓", healed: "✓" };

function sourcesLine(keys, labels) {
  if (!keys || keys.length === 0) return null;
  return make("span", "mnc-sources", sourcesText(keys, labels));
}

function section(title, id) {
  const wrapper = make("section", "mnc-ac-section");
  const heading = make("h4", "mnc-ac-heading", title);
  heading.id = id;
  wrapper.setAttribute("aria-labelledby", id);
  wrapper.append(heading);
  return wrapper;
}

// A list whose entries each end in their sources line.
function listOf(className, entries, labels, fill) {
  const list = make("ul", className);
  for (const entry of entries) {
    const item = fill(entry);
    const sources = sourcesLine(entry.sources, labels);
    if (sources) item.append(" ", sources);
    list.append(item);
  }
  return list;
}

const textList = (entries, labels) => listOf("mnc-ac-list", entries, labels, (entry) => make("li", null, entry.text));

function avoidItem(entry) {
  const item = make("li", `mnc-ac-status-${entry.status}`);
  const head = make("span", "mnc-ac-avoid-head");
  const icon = make("span", "mnc-ac-icon", STATUS_ICON[entry.status] || "•");
  icon.setAttribute("aria-hidden", "true");
  head.append(icon, make("strong", null, entry.text));
  item.append(head);
  item.append(make("span", "mnc-ac-status", `${entry.status_text} (typical period: ${entry.period_text}).`));
  item.append(make("span", "mnc-ac-why", `Why: ${entry.why}`));
  return item;
}

function signItem(entry) {
  const item = make("li", entry.urgent ? "mnc-ac-urgent" : null);
  item.append(make("strong", null, entry.heading || entry.sign));
  item.append(make("span", "mnc-ac-cause", `Possible cause: ${entry.possible_cause} (${entry.timing}).`));
  item.append(make("span", "mnc-ac-action", entry.action));
  return item;
}

function renderDay(panel, day, data, uid) {
  panel.replaceChildren();
  const labels = data.sources || {};
  panel.append(make("h3", "mnc-ac-title", day.title));
  if (day.stages.length) {
    panel.append(make("p", "mnc-ac-stages", `Stage: ${day.stages.join(" · ")}`));
  }
  const expected = section("What is expected", `${uid}-expected`);
  expected.append(textList(day.expected, labels));
  const todo = section("What the client should do", `${uid}-do`);
  todo.append(textList(day.do, labels));
  const avoid = section("What the client should avoid", `${uid}-avoid`);
  avoid.append(listOf("mnc-ac-list mnc-ac-avoid", day.avoid, labels, avoidItem));
  const signs = section("Signs that need medical review", `${uid}-signs`);
  signs.append(make("p", "mnc-ac-note", "Education, not diagnosis: any of these means seeking medical review."));
  signs.append(listOf("mnc-ac-list mnc-ac-signs", day.review_signs, labels, signItem));
  const next = section("Next session", `${uid}-next`);
  const nextText = make("p", null, `${day.next_session.headline} ${day.next_session.text}`);
  const nextSources = sourcesLine(day.next_session.sources, labels);
  if (nextSources) nextText.append(" ", nextSources);
  next.append(nextText);
  panel.append(expected, todo, avoid, signs, next);
}

function render({ model, el }) {
  const data = model.get("data") || {};
  const days = data.days || [];
  const uid = `mnc-ac-${Math.random().toString(36).slice(2, 8)}`;
  const root = make("div", "mnc-card mnc-aftercare");
  root.setAttribute("data-host", model.get("host") || "kernel");
  const panel = make("div", "mnc-ac-panel");
  panel.setAttribute("aria-live", "polite");
  const pills = days.map((day, index) =>
    pillRadio({ name: `${uid}-day`, value: String(day.day), text: `Day ${day.day}`, checked: index === 0, onSelect: () => renderDay(panel, day, data, uid) }),
  );
  root.append(pillGroup("Day after treatment", pills, "mnc-ac-picker"), panel);
  if (data.note) root.append(make("p", "mnc-ac-footnote", data.note));
  if (days.length) renderDay(panel, days[0], data, uid);
  el.replaceChildren(root);
  return () => el.replaceChildren();
}

const widget = { render };
export default widget;
mountOnSite("aftercare-day.js", widget);
