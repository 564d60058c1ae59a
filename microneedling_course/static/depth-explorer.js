// The depth-explorer lab (lesson 1): choose a facial region, the measured group and a needle
// setting, and see to scale where the nominal tip would sit in the average skin there.
// The comparisons mirror microneedling_course/labs/depth_explorer.py (layer_reached,
// describe_reading) and work from the model's "data" alone, so the lab runs on the static
// site without a kernel. Self-contained ES module (no imports); data text goes in through
// textContent, never innerHTML.

const SVG_NS = "http://www.w3.org/2000/svg";
const GROUP_WORDS = { women: "Women", men: "Men" };
// Drawing geometry in SVG user units; the SVG scales to its container (viewBox, width 100%).
const VIEW_WIDTH = 340;
const SURFACE_Y = 44;
const PX_PER_MM = 110;
const RULER_X = 34;
const BLOCK_LEFT = 40;
const BLOCK_RIGHT = 188;
const NEEDLE_X = 84;
const LABEL_X = 194;

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function drawn(tag, attributes, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

export function findRegion(data, regionId) {
  return (data.regions || []).find((region) => region.id === regionId || region.label === regionId);
}

// Same order of comparisons as layer_reached in Python: epidermis, then dermis, then below.
export function layerReached(data, regionId, sex, depthMm) {
  const region = findRegion(data, regionId);
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

function clampSetting(value, settings) {
  const number = Number(value);
  if (!Number.isFinite(number)) return null;
  return Math.min(settings.max, Math.max(settings.min, number));
}

function drawSection(svg, reading, settings) {
  svg.replaceChildren();
  const deepest = settings.max + 0.3;
  const bottom = SURFACE_Y + deepest * PX_PER_MM;
  const y = (mm) => SURFACE_Y + mm * PX_PER_MM;
  svg.setAttribute("viewBox", `0 0 ${VIEW_WIDTH} ${Math.ceil(bottom + 8)}`);
  const passes = reading.layer === "below-dermis";

  svg.append(drawn("title", { id: svg.id + "-title" }, "Skin layers drawn to scale with the nominal needle tip"));
  svg.append(
    drawn(
      "desc",
      { id: svg.id + "-desc" },
      `${reading.region}, ${reading.sex}: epidermis ${reading.epidermis_mm.toFixed(2)} mm, ` +
        `dermis ${reading.dermis_mm.toFixed(2)} mm, then ${reading.below_dermis.label}. ${describeReading(reading)}`,
    ),
  );
  const width = BLOCK_RIGHT - BLOCK_LEFT;
  svg.append(
    drawn("rect", { x: BLOCK_LEFT, y: y(reading.skin_mm), width, height: bottom - y(reading.skin_mm), class: "mnc-dx-subcutis" }),
    drawn("rect", { x: BLOCK_LEFT, y: y(reading.epidermis_mm), width, height: reading.dermis_mm * PX_PER_MM, class: "mnc-dx-dermis" }),
    drawn("rect", { x: BLOCK_LEFT, y: SURFACE_Y, width, height: Math.max(reading.epidermis_mm * PX_PER_MM, 1.5), class: "mnc-dx-epidermis" }),
  );

  // Depth ruler every 0.5 mm.
  svg.append(drawn("line", { x1: RULER_X, y1: SURFACE_Y, x2: RULER_X, y2: bottom, class: "mnc-dx-ruler" }));
  for (let mm = 0; mm <= deepest + 1e-9; mm += 0.5) {
    svg.append(
      drawn("line", { x1: RULER_X - 5, y1: y(mm), x2: RULER_X, y2: y(mm), class: "mnc-dx-ruler" }),
      drawn("text", { x: RULER_X - 8, y: y(mm) + 4, "text-anchor": "end", class: "mnc-dx-small" }, mm.toFixed(1)),
    );
  }
  svg.append(drawn("text", { x: 2, y: 16, class: "mnc-dx-small" }, "depth, mm"));

  // Layer names sit to the right of the block, level with their layer.
  svg.append(
    drawn("text", { x: LABEL_X, y: SURFACE_Y + 5, class: "mnc-dx-label" }, `Epidermis ≈ ${reading.epidermis_mm.toFixed(2)} mm`),
    drawn(
      "text",
      { x: LABEL_X, y: y(reading.epidermis_mm + reading.dermis_mm / 2) + 5, class: "mnc-dx-label" },
      `Dermis ${reading.dermis_approximate ? "≈ " : ""}${reading.dermis_mm.toFixed(2)} mm`,
    ),
    drawn("text", { x: LABEL_X, y: y(reading.skin_mm) + 24, class: "mnc-dx-label" }, reading.below_dermis.label),
    drawn("line", { x1: BLOCK_RIGHT, y1: y(reading.skin_mm), x2: VIEW_WIDTH - 4, y2: y(reading.skin_mm), class: "mnc-dx-edge" }),
    drawn("text", { x: LABEL_X, y: y(reading.skin_mm) - 5, class: "mnc-dx-small" }, `dermis ends ${reading.skin_mm.toFixed(2)} mm`),
  );

  // The needle: a hub above the skin and a shaft tapering to the nominal tip.
  const tipY = y(reading.depth_mm);
  svg.append(
    drawn("rect", { x: NEEDLE_X - 9, y: 6, width: 18, height: SURFACE_Y - 12, rx: 3, class: "mnc-dx-hub" }),
    drawn("polygon", { points: `${NEEDLE_X - 3},${SURFACE_Y - 6} ${NEEDLE_X + 3},${SURFACE_Y - 6} ${NEEDLE_X},${tipY}`, class: "mnc-dx-needle" }),
    drawn("line", { x1: BLOCK_LEFT, y1: tipY, x2: BLOCK_RIGHT, y2: tipY, class: passes ? "mnc-dx-tip mnc-dx-tip-deep" : "mnc-dx-tip" }),
    drawn(
      "text",
      { x: NEEDLE_X + 10, y: tipY + (reading.depth_mm > settings.max - 0.2 ? -6 : 16), class: "mnc-dx-label mnc-dx-tip-label" },
      `${passes ? "⚠ " : ""}tip ${reading.depth_mm.toFixed(2)} mm`,
    ),
  );
}

function render({ model, el }) {
  const data = model.get("data") || {};
  const regions = data.regions || [];
  const settings = data.settings_mm || { min: 0.25, max: 3, step: 0.05, start: 1 };
  const uid = `mnc-dx-${Math.random().toString(36).slice(2, 8)}`;
  const state = {
    region: findRegion(data, model.get("region")) ? model.get("region") : regions[0]?.id,
    sex: (data.sexes || []).includes(model.get("sex")) ? model.get("sex") : "women",
    depth: clampSetting(model.get("depth_mm"), settings) ?? settings.start,
  };

  const root = make("div", "mnc-depth");
  root.setAttribute("data-host", model.get("host") || "kernel");
  const controls = make("div", "mnc-dx-controls");

  const regionField = make("div", "mnc-dx-field");
  const regionLabel = make("label", null, "Facial region");
  regionLabel.htmlFor = `${uid}-region`;
  const regionSelect = make("select");
  regionSelect.id = `${uid}-region`;
  for (const region of regions) {
    const option = make("option", null, region.label);
    option.value = region.id;
    regionSelect.append(option);
  }
  regionSelect.value = state.region;
  regionField.append(regionLabel, regionSelect);

  const group = make("fieldset", "mnc-dx-group");
  group.append(make("legend", null, "Group measured"));
  const groupChoices = make("div", "mnc-dx-choices");
  for (const sex of data.sexes || []) {
    const label = make("label", "mnc-dx-choice");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = `${uid}-sex`;
    input.value = sex;
    input.checked = sex === state.sex;
    input.addEventListener("change", () => {
      if (input.checked) update({ sex });
    });
    label.append(input, make("span", null, GROUP_WORDS[sex] || sex));
    groupChoices.append(label);
  }
  group.append(groupChoices);

  const depthField = make("div", "mnc-dx-field mnc-dx-depth");
  const sliderLabel = make("label", null, "Needle setting (nominal)");
  sliderLabel.htmlFor = `${uid}-slider`;
  const slider = document.createElement("input");
  slider.type = "range";
  slider.id = `${uid}-slider`;
  const numberLabel = make("label", "mnc-dx-number-label", "mm");
  numberLabel.htmlFor = `${uid}-number`;
  const number = document.createElement("input");
  number.type = "number";
  number.id = `${uid}-number`;
  number.inputMode = "decimal";
  for (const input of [slider, number]) {
    input.min = String(settings.min);
    input.max = String(settings.max);
    input.step = String(settings.step);
    input.value = String(state.depth);
  }
  const numberRow = make("div", "mnc-dx-number-row");
  numberRow.append(number, numberLabel);
  depthField.append(sliderLabel, slider, numberRow);
  depthField.append(make("p", "mnc-dx-hint", `Range ${settings.min}–${settings.max} mm, as on motorised pens.`));

  controls.append(regionField, group, depthField);

  const figure = make("figure", "mnc-dx-figure");
  const svg = drawn("svg", { id: `${uid}-svg`, role: "img", preserveAspectRatio: "xMidYMin meet" });
  svg.setAttribute("aria-labelledby", `${uid}-svg-title ${uid}-svg-desc`);
  const caption = make("figcaption", null, "Drawn to scale from average thicknesses. The needle shows the nominal setting, not the depth really reached.");
  figure.append(svg, caption);

  const result = make("div", "mnc-dx-result");
  result.setAttribute("role", "status");
  result.setAttribute("aria-live", "polite");

  const caveats = make("ul", "mnc-dx-caveats");
  for (const caveat of data.caveats || []) caveats.append(make("li", null, caveat));

  root.append(controls, result, figure, caveats);

  function showResult(reading) {
    result.replaceChildren();
    const passes = reading.layer === "below-dermis";
    result.className = passes ? "mnc-dx-result mnc-dx-warning" : "mnc-dx-result";
    const icon = make("span", "mnc-dx-icon", passes ? "⚠" : "ℹ");
    icon.setAttribute("aria-hidden", "true");
    const words = make("p", "mnc-dx-verdict", describeReading(reading));
    words.prepend(icon, " ");
    const about = reading.dermis_approximate ? "about " : "";
    const detail = make(
      "p",
      "mnc-dx-detail",
      `${reading.region}, ${reading.sex}: average dermis ${about}${reading.dermis_mm.toFixed(2)} mm on ultrasound; ` +
        `skin to the lower edge of the dermis about ${reading.skin_mm.toFixed(2)} mm.`,
    );
    result.append(words, detail);
    if (passes || reading.region_id === "eyelid") {
      result.append(make("p", "mnc-dx-detail", "Real penetration is usually shallower than the setting, but by how much varies: it is not a safety margin."));
    }
  }

  function update(change) {
    Object.assign(state, change);
    const reading = layerReached(data, state.region, state.sex, state.depth);
    drawSection(svg, reading, settings);
    showResult(reading);
    model.set("region", state.region);
    model.set("sex", state.sex);
    model.set("depth_mm", state.depth);
    model.save_changes();
  }

  regionSelect.addEventListener("change", () => update({ region: regionSelect.value }));
  slider.addEventListener("input", () => {
    number.value = slider.value;
    update({ depth: Number(slider.value) });
  });
  number.addEventListener("change", () => {
    const value = clampSetting(number.value, settings);
    if (value === null) {
      number.value = String(state.depth);
      return;
    }
    number.value = String(value);
    slider.value = String(value);
    update({ depth: value });
  });

  el.replaceChildren(root);
  if (regions.length) update({});
  return () => el.replaceChildren();
}

export default { render };
