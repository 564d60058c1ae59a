// The depth-explorer lab (lesson 1): choose a facial region, the measured group and a needle
// setting, and see to scale where the nominal tip would sit in the average skin there. Works
// from the model's "data" alone, so the lab runs on the static site without a kernel.

import { make, pillGroup, pillRadio, onNumberCommit } from "../shared/dom.js";
import { mountOnSite } from "../shared/site-host.js";
import {
  DEFAULT_SETTINGS,
  GROUP_WORDS,
  clampSetting,
  describeReading,
  findRegion,
  layerReached,
  settingInput,
} from "./skin-depth.js";

export { describeReading, findRegion, layerReached };

const SVG_NS = "http://www.w3.org/2000/svg";
// Drawing geometry in SVG user units; the SVG scales to its container (viewBox, width 100%).
const VIEW_WIDTH = 340;
const SURFACE_Y = 44;
const PX_PER_MM = 110;
const RULER_X = 34;
const BLOCK_LEFT = 40;
const BLOCK_RIGHT = 188;
const NEEDLE_X = 84;
const LABEL_X = 194;

function drawn(tag, attributes, text) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = String(text);
  return element;
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

function regionField(uid, regions, value) {
  const field = make("div", "mnc-field");
  const label = make("label", null, "Facial region");
  label.htmlFor = `${uid}-region`;
  const select = make("select");
  select.id = `${uid}-region`;
  for (const region of regions) {
    const option = make("option", null, region.label);
    option.value = region.id;
    select.append(option);
  }
  select.value = value;
  field.append(label, select);
  return { field, select };
}

function depthField(uid, settings, value) {
  const field = make("div", "mnc-field mnc-dx-depth");
  const sliderLabel = make("label", null, "Needle setting (nominal)");
  sliderLabel.htmlFor = `${uid}-slider`;
  const slider = settingInput(settings, value);
  slider.type = "range";
  slider.id = `${uid}-slider`;
  const numberLabel = make("label", "mnc-dx-number-label", "mm");
  numberLabel.htmlFor = `${uid}-number`;
  const number = settingInput(settings, value);
  number.id = `${uid}-number`;
  const numberRow = make("div", "mnc-dx-number-row");
  numberRow.append(number, numberLabel);
  field.append(sliderLabel, slider, numberRow);
  field.append(make("p", "mnc-hint", `Range ${settings.min}–${settings.max} mm, as on motorised pens.`));
  return { field, slider, number };
}

function showResult(result, reading) {
  result.replaceChildren();
  const passes = reading.layer === "below-dermis";
  result.className = passes ? "mnc-dx-result mnc-finding mnc-warning" : "mnc-dx-result mnc-finding";
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

function render({ model, el }) {
  const data = model.get("data") || {};
  const regions = data.regions || [];
  const settings = data.settings_mm || DEFAULT_SETTINGS;
  const uid = `mnc-dx-${Math.random().toString(36).slice(2, 8)}`;
  const state = {
    region: findRegion(data, model.get("region")) ? model.get("region") : regions[0]?.id,
    sex: (data.sexes || []).includes(model.get("sex")) ? model.get("sex") : "women",
    depth: clampSetting(model.get("depth_mm"), settings) ?? settings.start,
  };

  const root = make("div", "mnc-card mnc-depth");
  root.setAttribute("data-host", model.get("host") || "kernel");
  const controls = make("div", "mnc-dx-controls");
  const region = regionField(uid, regions, state.region);
  const pills = (data.sexes || []).map((sex) =>
    pillRadio({ name: `${uid}-sex`, value: sex, text: GROUP_WORDS[sex] || sex, checked: sex === state.sex, onSelect: (value) => update({ sex: value }) }),
  );
  const depth = depthField(uid, settings, state.depth);
  controls.append(region.field, pillGroup("Group measured", pills), depth.field);

  const figure = make("figure", "mnc-dx-figure");
  const svg = drawn("svg", { id: `${uid}-svg`, role: "img", preserveAspectRatio: "xMidYMin meet" });
  svg.setAttribute("aria-labelledby", `${uid}-svg-title ${uid}-svg-desc`);
  const caption = make("figcaption", null, "Drawn to scale from average thicknesses. The needle shows the nominal setting, not the depth really reached.");
  figure.append(svg, caption);

  const result = make("div", "mnc-dx-result mnc-finding");
  result.setAttribute("role", "status");
  result.setAttribute("aria-live", "polite");

  const caveats = make("ul", "mnc-dx-caveats");
  for (const caveat of data.caveats || []) caveats.append(make("li", null, caveat));

  root.append(controls, result, figure, caveats);

  function update(change) {
    Object.assign(state, change);
    const reading = layerReached(data, state.region, state.sex, state.depth);
    drawSection(svg, reading, settings);
    showResult(result, reading);
    model.set("region", state.region);
    model.set("sex", state.sex);
    model.set("depth_mm", state.depth);
    model.save_changes();
  }

  region.select.addEventListener("change", () => update({ region: region.select.value }));
  depth.slider.addEventListener("input", () => {
    depth.number.value = depth.slider.value;
    update({ depth: Number(depth.slider.value) });
  });
  onNumberCommit(depth.number, () => {
    const value = clampSetting(depth.number.value, settings);
    if (value === null) {
      depth.number.value = String(state.depth);
      return;
    }
    depth.number.value = String(value);
    depth.slider.value = String(value);
    if (value !== state.depth) update({ depth: value });
  });

  el.replaceChildren(root);
  if (regions.length) update({});
  return () => el.replaceChildren();
}

const widget = { render };
export default widget;
mountOnSite("depth-explorer.js", widget);
