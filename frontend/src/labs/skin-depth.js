// Where a nominal needle tip sits in the average skin of a region: the comparison both the
// depth explorer and the treatment-plan checker make. Mirrors layer_reached and describe_reading
// in microneedling_course/labs/depth_explorer.py (parity tests run both on the same cases).

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

export const GROUP_WORDS = { women: "Women", men: "Men" };

// A needle setting typed or slid, kept within the lab's range; null when it is not a number.
export function clampSetting(value, settings) {
  if (value === "" || value === null || value === undefined) return null;
  const number = Number(value);
  if (!Number.isFinite(number)) return null;
  return Math.min(settings.max, Math.max(settings.min, number));
}

export const DEFAULT_SETTINGS = { min: 0.25, max: 3, step: 0.05, start: 1 };

// The number field for a needle setting (min, max, step from the lab's data).
export function settingInput(settings, value) {
  const input = document.createElement("input");
  input.type = "number";
  input.inputMode = "decimal";
  input.min = String(settings.min);
  input.max = String(settings.max);
  input.step = String(settings.step);
  input.value = String(value);
  return input;
}
