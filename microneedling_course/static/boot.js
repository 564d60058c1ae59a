// Mounts the course's hosted widgets on the static site. Each widget's container holds its
// state as inert JSON; the same ES module that runs in JupyterLab renders it here with a
// small model (get/set/on/off/save_changes) instead of a kernel. Self-contained on purpose.
const MODULE_NAME = /^[a-z0-9-]+\.js$/;

function versionSuffix() {
  const tag = document.querySelector("script[data-mnc-version]");
  const version = tag ? tag.getAttribute("data-mnc-version") : "";
  return /^[A-Za-z0-9]+$/.test(version || "") ? `?v=${version}` : "";
}

export function createModel(initial) {
  const state = { ...initial };
  const listeners = new Map();
  const model = {
    get(name) {
      return state[name];
    },
    set(name, value) {
      const previous = state[name];
      state[name] = value;
      if (previous !== value) {
        emit(`change:${name}`, value);
        emit("change", value);
      }
    },
    on(event, callback) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(callback);
    },
    off(event, callback) {
      if (!event) listeners.clear();
      else if (!callback) listeners.delete(event);
      else listeners.get(event)?.delete(callback);
    },
    save_changes() {},
    send() {},
  };
  function emit(event, value) {
    for (const callback of [...(listeners.get(event) || [])]) {
      try {
        callback(model, value, {});
      } catch (error) {
        console.error(error);
      }
    }
  }
  return model;
}

async function mount(container, suffix) {
  if (container.hasAttribute("data-mnc-booted")) return;
  container.setAttribute("data-mnc-booted", "");
  const name = container.getAttribute("data-mnc-widget") || "";
  const script = container.querySelector(":scope > script[type='application/json']");
  const fallback = container.querySelector(":scope > .mnc-fallback");
  if (!MODULE_NAME.test(name) || !script) return;
  let state;
  try {
    state = JSON.parse(script.textContent);
  } catch (error) {
    console.error("mnc: unreadable widget state", error);
    return;
  }
  const el = document.createElement("div");
  el.className = "mnc-mount";
  try {
    const module = await import(new URL(`./${name}${suffix}`, import.meta.url).href);
    let widget = module.default ?? module;
    if (typeof widget === "function") widget = await widget();
    const model = createModel({ ...state, host: "static" });
    container.append(el);
    if (widget.initialize) await widget.initialize({ model });
    await widget.render({ model, el });
    if (fallback) fallback.hidden = true;
  } catch (error) {
    el.remove();
    console.error(`mnc: could not start ${name}`, error);
  }
}

export function boot(root = document) {
  const suffix = versionSuffix();
  return Promise.all([...root.querySelectorAll("[data-mnc-widget]")].map((el) => mount(el, suffix)));
}

boot();
