// The aftercare-day lab: pick a day after treatment and read what is expected, what to do,
// what to avoid and which signs need medical review. Everything is precomputed in Python into
// the model's "data", so the lab works on the static site without a kernel. Self-contained ES
// module (no imports); all data text goes in through textContent, never innerHTML.

const STATUS_ICON = { avoid: "✗", check: "…", over: "✓", healed: "✓" };

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function sourcesLine(keys, labels) {
  if (!keys || keys.length === 0) return null;
  const names = keys.map((key) => labels[key] || key);
  return make("span", "mnc-ac-sources", `Sources: ${names.join("; ")}`);
}

function section(title, id) {
  const wrapper = make("section", "mnc-ac-section");
  const heading = make("h4", "mnc-ac-heading", title);
  heading.id = id;
  wrapper.setAttribute("aria-labelledby", id);
  wrapper.append(heading);
  return wrapper;
}

function textList(entries, labels) {
  const list = make("ul", "mnc-ac-list");
  for (const entry of entries) {
    const item = make("li", null, entry.text);
    const sources = sourcesLine(entry.sources, labels);
    if (sources) item.append(" ", sources);
    list.append(item);
  }
  return list;
}

function avoidList(entries, labels) {
  const list = make("ul", "mnc-ac-list mnc-ac-avoid");
  for (const entry of entries) {
    const item = make("li", `mnc-ac-status-${entry.status}`);
    const head = make("span", "mnc-ac-avoid-head");
    head.append(
      make("span", "mnc-ac-icon", STATUS_ICON[entry.status] || "•"),
      make("strong", null, entry.text),
    );
    head.firstChild.setAttribute("aria-hidden", "true");
    item.append(head);
    item.append(make("span", "mnc-ac-status", `${entry.status_text} (typical period: ${entry.period_text}).`));
    const why = make("span", "mnc-ac-why", `Why: ${entry.why}`);
    item.append(why);
    const sources = sourcesLine(entry.sources, labels);
    if (sources) item.append(sources);
    list.append(item);
  }
  return list;
}

function signsList(entries, labels) {
  const list = make("ul", "mnc-ac-list mnc-ac-signs");
  for (const entry of entries) {
    const item = make("li", entry.urgent ? "mnc-ac-urgent" : null);
    const head = make("strong", null, entry.heading || entry.sign);
    item.append(head);
    item.append(make("span", "mnc-ac-cause", `Possible cause: ${entry.possible_cause} (${entry.timing}).`));
    item.append(make("span", "mnc-ac-action", entry.action));
    const sources = sourcesLine(entry.sources, labels);
    if (sources) item.append(sources);
    list.append(item);
  }
  return list;
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
  avoid.append(avoidList(day.avoid, labels));
  const signs = section("Signs that need medical review", `${uid}-signs`);
  signs.append(make("p", "mnc-ac-note", "Education, not diagnosis: any of these means seeking medical review."));
  signs.append(signsList(day.review_signs, labels));
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
  const root = make("div", "mnc-aftercare");
  root.setAttribute("data-host", model.get("host") || "kernel");

  const picker = make("fieldset", "mnc-ac-picker");
  picker.append(make("legend", null, "Day after treatment"));
  const choices = make("div", "mnc-ac-choices");
  const panel = make("div", "mnc-ac-panel");
  panel.setAttribute("aria-live", "polite");

  days.forEach((day, index) => {
    const label = make("label", "mnc-ac-choice");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = `${uid}-day`;
    input.value = String(day.day);
    input.checked = index === 0;
    input.addEventListener("change", () => {
      if (input.checked) renderDay(panel, day, data, uid);
    });
    label.append(input, make("span", null, `Day ${day.day}`));
    choices.append(label);
  });
  picker.append(choices);
  root.append(picker, panel);
  if (data.note) root.append(make("p", "mnc-ac-footnote", data.note));
  if (days.length) renderDay(panel, days[0], data, uid);
  el.replaceChildren(root);
  return () => el.replaceChildren();
}

export default { render };
