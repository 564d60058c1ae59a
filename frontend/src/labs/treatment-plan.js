// The treatment-plan checker (lesson 3): choose a region, group, indication, device and nominal
// setting, and read what the published ranges and the lesson-1 thickness data say about it.
// It never recommends a setting. The comparisons mirror microneedling_course/labs/
// treatment_plan.py (check_plan, plan_summary; parity tests run both on the same cases) and run
// from the model's "data" alone, so the lab works on the static site without a kernel.

import { make, onNumberCommit, pillGroup, pillRadio, sourcesText } from "../shared/dom.js";
import { mountOnSite } from "../shared/site-host.js";
import { DEFAULT_SETTINGS, GROUP_WORDS, clampSetting, describeReading, layerReached, settingInput } from "./skin-depth.js";

export { describeReading, layerReached };

const RANGE_WORDS = {
  below: "below the published range",
  within: "within the published range",
  "above-usual": "above the usual range, within its occasional upper end",
  above: "above the published range",
};
const RANGE_ICONS = { below: "▼", within: "●", "above-usual": "▲", above: "▲" };
const RF_WORDS = {
  below: "is below this suggestion",
  matches: "matches this suggestion",
  above: "is above this suggestion",
  "meets-minimum": "meets this suggested minimum",
  "within-maximum": "is within this stated maximum",
  "above-maximum": "is above this stated maximum",
};
const PENETRATION_WORDS =
  " The setting is nominal: real penetration is usually shallower, by an amount that varies, so the difference is not a safety margin.";
const COMPARISON_WORDS = { "at-least": "at least", about: "", maximum: "maximum" };

function squash(text) {
  return String(text).split(/\s+/).filter(Boolean).join(" ");
}

export function millimetres(value) {
  return Number.isInteger(Math.round(value * 10 * 1e6) / 1e6) ? value.toFixed(1) : value.toFixed(2);
}

export function rangeWords(indication) {
  const [low, high] = indication.usual_mm;
  let words = low === 0 ? `about ${millimetres(high)} mm or less` : `${millimetres(low)}-${millimetres(high)} mm`;
  if (indication.occasional_note) words += ` (${indication.occasional_note})`;
  return words;
}

function byId(items, id, what) {
  const found = (items || []).find((item) => item.id === id);
  if (!found) throw new Error(`unknown ${what} ${id}`);
  return found;
}

export function rangeVerdict(setting, indication, tolerance) {
  const [low, high] = indication.usual_mm;
  if (setting < low - tolerance) return "below";
  if (setting <= high + tolerance) return "within";
  const extra = indication.occasional_max_mm;
  if (extra !== null && extra !== undefined && setting <= extra + tolerance) return "above-usual";
  return "above";
}

export function rfVerdict(setting, suggestion, tolerance) {
  if (!suggestion) return "no-suggestion";
  const depth = suggestion.depth_mm;
  if (suggestion.comparison === "at-least") return setting >= depth - tolerance ? "meets-minimum" : "below";
  if (suggestion.comparison === "maximum") return setting <= depth + tolerance ? "within-maximum" : "above-maximum";
  if (Math.abs(setting - depth) <= tolerance) return "matches";
  return setting < depth ? "below" : "above";
}

export function deviceLengthVerdict(setting, device, tolerance) {
  const lengths = device.needle_length_mm;
  if (!lengths || lengths.length === 0) return "not-published";
  const [low, high] = lengths;
  return low - tolerance <= setting && setting <= high + tolerance ? "within" : "outside";
}

// Same steps, same order as check_plan in Python.
export function checkPlan(data, regionId, sex, indicationId, deviceId, settingMm) {
  const tolerance = data.tolerance_mm;
  const reading = layerReached(data, regionId, sex, settingMm);
  const indication = byId(data.indications, indicationId, "indication");
  const device = byId(data.devices, deviceId, "device");
  const setting = reading.depth_mm;
  const notes = device.plan_note ? [device.plan_note] : [];
  const sources = [...indication.sources, ...device.sources];
  const lengthVerdict = deviceLengthVerdict(setting, device, tolerance);
  if (lengthVerdict === "outside") {
    const [low, high] = device.needle_length_mm;
    notes.push(`Published needle lengths for this device type are about ${millimetres(low)}-${millimetres(high)} mm.`);
  }
  let verdict = rangeVerdict(setting, indication, tolerance);
  let rangeText = null;
  for (const siteNote of data.site_notes || []) {
    if (siteNote.regions.includes(reading.region_id)) {
      notes.push(siteNote.note);
      sources.push(...siteNote.sources);
      // A site where published practice differs (the eyelid) overrides the indication's range.
      if (reading.layer === "below-dermis" && siteNote.range_verdict_if_tip_passes_dermis) {
        verdict = siteNote.range_verdict_if_tip_passes_dermis;
      }
      rangeText = (siteNote.range_words || {})[verdict] || rangeText;
    }
  }
  let verdictRf = null;
  let siteRf = null;
  if (device.kind === "rf") {
    const suggestion = data.rf_site_suggestions.sites.find((site) => site.regions.includes(reading.region_id)) || null;
    verdictRf = rfVerdict(setting, suggestion, tolerance);
    siteRf = suggestion ? suggestion.site : null;
    notes.push(data.rf_note);
    sources.push(data.rf_site_suggestions.source);
    if (reading.layer === "below-dermis" && device.deep_note) notes.push(device.deep_note);
  }
  notes.push(data.always_note);
  sources.push(data.dermis_source);
  return {
    region_id: reading.region_id,
    sex,
    indication_id: indication.id,
    device_id: device.id,
    setting_mm: setting,
    range_verdict: verdict,
    range_text: rangeText,
    layer: reading,
    device_length_verdict: lengthVerdict,
    rf_verdict: verdictRf,
    rf_site: siteRf,
    notes: notes.map(squash),
    sources: [...new Set(sources)],
  };
}

export function planSummary(check, data) {
  const indication = byId(data.indications, check.indication_id, "indication");
  const labels = data.source_labels || {};
  const setting = `${check.setting_mm.toFixed(2)} mm`;
  let rangeLine =
    `Published range for ${indication.name.toLowerCase()}: ${rangeWords(indication)}. ` +
    `A ${setting} setting is ${check.range_text || RANGE_WORDS[check.range_verdict]}.`;
  if (indication.median_mm) {
    rangeLine += ` The median across studies was ${millimetres(indication.median_mm)} mm (${labels[indication.median_source]}).`;
  }
  const reading = check.layer;
  const about = reading.dermis_approximate ? "about " : "";
  const lines = [
    rangeLine,
    `${reading.region}, ${reading.sex}: average dermis ${about}${reading.dermis_mm.toFixed(2)} mm ` +
      `on ultrasound (${labels[data.dermis_source]}). ` +
      describeReading(reading) +
      (reading.layer === "below-dermis" ? PENETRATION_WORDS : ""),
  ];
  if (check.rf_verdict === "no-suggestion") {
    lines.push("The RF review used in this course gives no suggestion for this region.");
  } else if (check.rf_verdict !== null) {
    const site = data.rf_site_suggestions.sites.find((item) => item.site === check.rf_site);
    const depth = `${COMPARISON_WORDS[site.comparison]} ${millimetres(site.depth_mm)} mm`.trim();
    lines.push(
      `One review suggests ${depth} for RF microneedling on the ${site.site.toLowerCase()} ` +
        `(${labels[data.rf_site_suggestions.source]}, expert opinion). ` +
        `This setting ${RF_WORDS[check.rf_verdict]}.`,
    );
  }
  return lines;
}

function labelled(uid, name, text, control) {
  const field = make("div", "mnc-field");
  const label = make("label", null, text);
  label.htmlFor = `${uid}-${name}`;
  control.id = `${uid}-${name}`;
  field.append(label, control);
  return field;
}

function selectOf(items, value) {
  const select = make("select");
  for (const item of items) {
    const option = make("option", null, item.label);
    option.value = item.id;
    select.append(option);
  }
  select.value = value;
  return select;
}

function showCheck(result, uid, check, data) {
  result.replaceChildren();
  const title = make("h4", "mnc-tp-title", "What the published ranges and the thickness data say");
  title.id = `${uid}-result-title`;
  const deep = check.layer.layer === "below-dermis";
  const list = make("ul", "mnc-tp-findings");
  const icons = [RANGE_ICONS[check.range_verdict], deep ? "⚠" : "ℹ", "ℹ"];
  planSummary(check, data).forEach((line, index) => {
    const item = make("li", index === 1 && deep ? "mnc-finding mnc-warning" : "mnc-finding");
    const icon = make("span", "mnc-tp-icon", icons[index] || "ℹ");
    icon.setAttribute("aria-hidden", "true");
    item.append(icon, make("span", null, line));
    list.append(item);
  });
  const notesTitle = make("p", "mnc-tp-notes-title", "Notes");
  const notes = make("ul", "mnc-tp-notes");
  for (const note of check.notes) notes.append(make("li", null, note));
  const sources = make("p", "mnc-tp-sources", sourcesText(check.sources, data.source_labels || {}));
  result.append(title, list, notesTitle, notes, sources);
}

function render({ model, el }) {
  const data = model.get("data") || {};
  const settings = data.settings_mm || DEFAULT_SETTINGS;
  const uid = `mnc-tp-${Math.random().toString(36).slice(2, 8)}`;
  const pick = (name, items, fallback) => (items.some((item) => item.id === model.get(name)) ? model.get(name) : fallback);
  const regions = (data.regions || []).map((item) => ({ id: item.id, label: item.label }));
  const indications = (data.indications || []).map((item) => ({ id: item.id, label: item.name }));
  const devices = (data.devices || []).map((item) => ({ id: item.id, label: item.name }));
  const start = Number(model.get("setting_mm"));
  const state = {
    region: pick("region", regions, regions[0]?.id),
    sex: (data.sexes || []).includes(model.get("sex")) ? model.get("sex") : "women",
    indication: pick("indication", indications, indications[0]?.id),
    device: pick("device", devices, devices[0]?.id),
    setting: Number.isFinite(start) && start > 0 ? clampSetting(start, settings) : settings.start,
  };

  const root = make("div", "mnc-card mnc-plan");
  root.setAttribute("data-host", model.get("host") || "kernel");
  root.append(make("p", "mnc-tp-banner", "Published ranges, not validated settings. This checker never recommends a setting."));

  const controls = make("div", "mnc-tp-controls");
  const regionSelect = selectOf(regions, state.region);
  const indicationSelect = selectOf(indications, state.indication);
  const deviceSelect = selectOf(devices, state.device);
  const pills = (data.sexes || []).map((sex) =>
    pillRadio({ name: `${uid}-sex`, value: sex, text: GROUP_WORDS[sex] || sex, checked: sex === state.sex, onSelect: (value) => update({ sex: value }) }),
  );
  const number = settingInput(settings, state.setting);
  const settingField = labelled(uid, "setting", "Planned needle setting (nominal, mm)", number);
  settingField.append(make("p", "mnc-hint", `${settings.min}–${settings.max} mm`));

  controls.append(
    labelled(uid, "region", "Facial region", regionSelect),
    pillGroup("Group measured", pills),
    labelled(uid, "indication", "Indication", indicationSelect),
    labelled(uid, "device", "Device", deviceSelect),
    settingField,
  );

  const result = make("section", "mnc-tp-result");
  result.setAttribute("aria-live", "polite");
  result.setAttribute("aria-labelledby", `${uid}-result-title`);
  root.append(controls, result);

  function update(change) {
    Object.assign(state, change);
    showCheck(result, uid, checkPlan(data, state.region, state.sex, state.indication, state.device, state.setting), data);
    model.set("region", state.region);
    model.set("sex", state.sex);
    model.set("indication", state.indication);
    model.set("device", state.device);
    model.set("setting_mm", state.setting);
    model.save_changes();
  }

  regionSelect.addEventListener("change", () => update({ region: regionSelect.value }));
  indicationSelect.addEventListener("change", () => update({ indication: indicationSelect.value }));
  deviceSelect.addEventListener("change", () => update({ device: deviceSelect.value }));
  onNumberCommit(number, () => {
    const value = clampSetting(number.value, settings);
    if (value === null) {
      number.value = String(state.setting);
      return;
    }
    number.value = String(value);
    if (value !== state.setting) update({ setting: value });
  });

  el.replaceChildren(root);
  if (regions.length && indications.length && devices.length) update({});
  return () => el.replaceChildren();
}

const widget = { render };
export default widget;
mountOnSite("treatment-plan.js", widget);
