// The treatment-plan checker (lesson 3): choose a region, group, indication, device and nominal
// setting, and read what the published ranges and the lesson-1 thickness data say about it.
// It never recommends a setting. The comparisons mirror microneedling_course/labs/
// treatment_plan.py (check_plan, plan_summary) and run from the model's "data" alone, so the
// lab works on the static site without a kernel. Self-contained ES module (no imports; the
// layer comparison is repeated from depth-explorer.js on purpose); data text goes in through
// textContent, never innerHTML.

const GROUP_WORDS = { women: "Women", men: "Men" };
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

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

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

export function layerReached(data, regionId, sex, depthMm) {
  const region = (data.regions || []).find((item) => item.id === regionId || item.label === regionId);
  if (!region || !region[sex]) throw new Error(`no dermis data for region ${regionId} and sex ${sex}`);
  const depth = Number(depthMm);
  if (!Number.isFinite(depth) || depth <= 0) throw new Error(`needle setting must be a positive number, got ${depthMm}`);
  const epidermis = data.epidermis_mm;
  const dermis = region[sex].dermis_mm;
  const skin = epidermis + dermis;
  let layer = "below-dermis";
  if (depth <= epidermis) layer = "epidermis";
  else if (depth <= skin) layer = "dermis";
  return {
    region_id: region.id,
    region: region.label,
    sex,
    depth_mm: depth,
    epidermis_mm: epidermis,
    dermis_mm: dermis,
    skin_mm: skin,
    layer,
    margin_mm: Math.round((skin - depth) * 1000) / 1000,
    dermis_approximate: Boolean(region[sex].approximate),
    below_dermis: region.below_dermis,
  };
}

export function describeReading(reading) {
  const setting = `At a ${reading.depth_mm.toFixed(2)} mm setting`;
  if (reading.layer === "epidermis") return `${setting} the nominal tip would stay in the epidermis.`;
  if (reading.layer === "dermis") {
    return `${setting} the nominal tip would be in the dermis, ${reading.margin_mm.toFixed(2)} mm above its lower edge.`;
  }
  return (
    `Warning: at a ${reading.depth_mm.toFixed(2)} mm setting the nominal tip would pass the lower ` +
    `edge of this group's average dermis and reach ${(-reading.margin_mm).toFixed(2)} mm into ` +
    `${reading.below_dermis.into}.`
  );
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
  const field = make("div", "mnc-tp-field");
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

function render({ model, el }) {
  const data = model.get("data") || {};
  const settings = data.settings_mm || { min: 0.25, max: 3, step: 0.05, start: 1 };
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
    setting: Number.isFinite(start) && start > 0 ? Math.min(settings.max, Math.max(settings.min, start)) : settings.start,
  };

  const root = make("div", "mnc-plan");
  root.setAttribute("data-host", model.get("host") || "kernel");
  root.append(make("p", "mnc-tp-banner", "Published ranges, not validated settings. This checker never recommends a setting."));

  const controls = make("div", "mnc-tp-controls");
  const regionSelect = selectOf(regions, state.region);
  const indicationSelect = selectOf(indications, state.indication);
  const deviceSelect = selectOf(devices, state.device);

  const group = make("fieldset", "mnc-tp-group");
  group.append(make("legend", null, "Group measured"));
  const choices = make("div", "mnc-tp-choices");
  for (const sex of data.sexes || []) {
    const label = make("label", "mnc-tp-choice");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = `${uid}-sex`;
    input.value = sex;
    input.checked = sex === state.sex;
    input.addEventListener("change", () => {
      if (input.checked) update({ sex });
    });
    label.append(input, make("span", null, GROUP_WORDS[sex] || sex));
    choices.append(label);
  }
  group.append(choices);

  const number = document.createElement("input");
  number.type = "number";
  number.inputMode = "decimal";
  number.min = String(settings.min);
  number.max = String(settings.max);
  number.step = String(settings.step);
  number.value = String(state.setting);
  const settingField = labelled(uid, "setting", "Planned needle setting (nominal, mm)", number);
  settingField.append(make("p", "mnc-tp-hint", `${settings.min}–${settings.max} mm`));

  controls.append(
    labelled(uid, "region", "Facial region", regionSelect),
    group,
    labelled(uid, "indication", "Indication", indicationSelect),
    labelled(uid, "device", "Device", deviceSelect),
    settingField,
  );

  const result = make("section", "mnc-tp-result");
  result.setAttribute("aria-live", "polite");
  result.setAttribute("aria-labelledby", `${uid}-result-title`);
  root.append(controls, result);

  function show(check) {
    result.replaceChildren();
    const title = make("h4", "mnc-tp-title", "What the published ranges and the thickness data say");
    title.id = `${uid}-result-title`;
    const lines = planSummary(check, data);
    const list = make("ul", "mnc-tp-findings");
    const icons = [RANGE_ICONS[check.range_verdict], check.layer.layer === "below-dermis" ? "⚠" : "ℹ", "ℹ"];
    lines.forEach((line, index) => {
      const item = make("li", index === 1 && check.layer.layer === "below-dermis" ? "mnc-tp-warning" : null);
      const icon = make("span", "mnc-tp-icon", icons[index] || "ℹ");
      icon.setAttribute("aria-hidden", "true");
      item.append(icon, make("span", null, line));
      list.append(item);
    });
    const notesTitle = make("p", "mnc-tp-notes-title", "Notes");
    const notes = make("ul", "mnc-tp-notes");
    for (const note of check.notes) notes.append(make("li", null, note));
    const labels = data.source_labels || {};
    const sources = make("p", "mnc-tp-sources", `Sources: ${check.sources.map((key) => labels[key] || key).join("; ")}`);
    result.append(title, list, notesTitle, notes, sources);
  }

  function update(change) {
    Object.assign(state, change);
    const check = checkPlan(data, state.region, state.sex, state.indication, state.device, state.setting);
    show(check);
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
  number.addEventListener("change", () => {
    const value = Number(number.value);
    if (!Number.isFinite(value) || number.value === "") {
      number.value = String(state.setting);
      return;
    }
    const clamped = Math.min(settings.max, Math.max(settings.min, value));
    number.value = String(clamped);
    update({ setting: clamped });
  });

  el.replaceChildren(root);
  if (regions.length && indications.length && devices.length) update({});
  return () => el.replaceChildren();
}

export default { render };
