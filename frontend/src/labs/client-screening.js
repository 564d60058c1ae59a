// The client-screening lab (lesson 5): read a fictional client's intake form, pick a decision,
// then see the rules' decision with every reason and its sources. The rules' answers are
// precomputed in Python into the model's "data", so the lab works on the static site without a
// kernel.

import { make, sourcesText } from "../shared/dom.js";
import { mountOnSite } from "../shared/site-host.js";

function renderIntake(card, client) {
  card.replaceChildren();
  card.append(make("h3", "mnc-cs-client", client.title));
  const list = make("dl", "mnc-cs-intake");
  for (const row of client.intake) {
    list.append(make("dt", null, row.question), make("dd", null, row.answer));
  }
  card.append(list);
}

function renderVerdict(region, client, chosen, data) {
  region.replaceChildren();
  const labels = data.sources || {};
  const decisionLabel = Object.fromEntries(data.decisions.map((d) => [d.id, d.label]));
  const match = chosen === client.decision;
  const verdict = make("p", match ? "mnc-cs-verdict mnc-cs-match" : "mnc-cs-verdict mnc-cs-mismatch");
  const icon = make("span", "mnc-cs-icon", match ? "✓" : "✗");
  icon.setAttribute("aria-hidden", "true");
  verdict.append(
    icon,
    make(
      "span",
      null,
      match
        ? `Matches the rules: ${client.decision_label}.`
        : `The rules say ${client.decision_label}; you chose ${decisionLabel[chosen]}.`,
    ),
  );
  region.append(verdict);
  region.append(
    make(
      "p",
      "mnc-cs-explain",
      "The most restrictive finding decides; every finding's reason is listed below, deciding ones first.",
    ),
  );
  const list = make("ul", "mnc-cs-reasons");
  for (const reason of client.reasons) {
    const item = make("li", reason.decisive ? "mnc-cs-decisive" : null);
    const head = make("span", "mnc-cs-reason-head");
    head.append(make("strong", null, `${reason.decision_label}: `), make("span", null, reason.label));
    if (reason.decisive) head.append(make("span", "mnc-cs-tag", " (decides)"));
    item.append(head, make("span", "mnc-cs-reason", reason.reason));
    item.append(make("span", "mnc-sources", sourcesText(reason.references, labels)));
    list.append(item);
  }
  region.append(list);
}

function decisionForm(uid, decisions) {
  const form = make("fieldset", "mnc-cs-decisions");
  form.append(make("legend", "mnc-field-legend", "Your decision"));
  const radios = [];
  for (const decision of decisions) {
    const label = make("label", "mnc-cs-choice");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = `${uid}-decision`;
    input.value = decision.id;
    radios.push(input);
    const text = make("span", "mnc-cs-choice-text");
    text.append(make("strong", null, decision.label), make("span", "mnc-cs-meaning", decision.meaning));
    label.append(input, text);
    form.append(label);
  }
  return { form, radios };
}

function render({ model, el }) {
  const data = model.get("data") || {};
  const clients = data.cases || [];
  const decisions = data.decisions || [];
  const uid = `mnc-cs-${Math.random().toString(36).slice(2, 8)}`;
  const root = make("div", "mnc-card mnc-screening");
  root.setAttribute("data-host", model.get("host") || "kernel");
  const tally = { checked: new Set(), matched: new Set() };

  const pickRow = make("div", "mnc-cs-pick");
  const pickLabel = make("label", null, "Client");
  pickLabel.htmlFor = `${uid}-client`;
  const select = document.createElement("select");
  select.id = `${uid}-client`;
  clients.forEach((client, index) => {
    const option = make("option", null, client.title);
    option.value = String(index);
    select.append(option);
  });
  pickRow.append(pickLabel, select);

  const card = make("div", "mnc-cs-card");
  const { form, radios } = decisionForm(uid, decisions);
  const check = make("button", "mnc-btn mnc-btn-primary mnc-cs-check", "Check my decision");
  check.type = "button";
  const region = make("div", "mnc-cs-feedback");
  region.setAttribute("aria-live", "polite");
  const score = make("p", "mnc-cs-score");
  score.setAttribute("aria-live", "polite");

  function current() {
    return clients[Number(select.value)] || clients[0];
  }
  function showClient() {
    renderIntake(card, current());
    radios.forEach((input) => {
      input.checked = false;
    });
    region.replaceChildren(make("p", "mnc-cs-prompt", "Pick a decision, then check it."));
  }
  check.addEventListener("click", () => {
    const chosen = radios.find((input) => input.checked);
    if (!chosen) {
      region.replaceChildren(make("p", "mnc-cs-prompt", "Pick one of the four decisions first."));
      return;
    }
    const client = current();
    renderVerdict(region, client, chosen.value, data);
    tally.checked.add(client.id);
    if (chosen.value === client.decision) tally.matched.add(client.id);
    else tally.matched.delete(client.id);
    score.textContent = `Clients checked: ${tally.checked.size} of ${clients.length}; matching the rules: ${tally.matched.size}.`;
  });
  select.addEventListener("change", showClient);

  root.append(pickRow, card, form, check, region, score);
  if (data.note) root.append(make("p", "mnc-cs-footnote", data.note));
  el.replaceChildren(root);
  if (clients.length) showClient();
  return () => el.replaceChildren();
}

const widget = { render };
export default widget;
mountOnSite("client-screening.js", widget);
