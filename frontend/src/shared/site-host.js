// The static site's host for a widget module. In JupyterLab anywidget imports the module and
// calls render({model, el}) with a kernel-backed model; on the site the page loads the same
// module with <script type="module" data-mnc-version>, and mountOnSite gives each of its
// containers a small model (get/set/on/off/save_changes) made from the container's inert JSON.

export function createModel(initial) {
  const state = { ...initial };
  const listeners = new Map();
  const emit = (event, value) => {
    for (const callback of [...(listeners.get(event) || [])]) {
      try {
        callback(model, value, {});
      } catch (error) {
        console.error(error);
      }
    }
  };
  const model = {
    get: (name) => state[name],
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
  return model;
}

// The state a container carries: its <script type="application/json">, or null when unreadable.
function containerState(container) {
  const script = container.querySelector(":scope > script[type='application/json']");
  if (!script) return {};
  try {
    const state = JSON.parse(script.textContent);
    return state && typeof state === "object" && !Array.isArray(state) ? state : null;
  } catch (error) {
    console.error("mnc: unreadable widget state", error);
    return null;
  }
}

async function mount(container, widget, prepare) {
  if (container.hasAttribute("data-mnc-booted")) return;
  container.setAttribute("data-mnc-booted", "");
  const fallback = container.querySelector(":scope > .mnc-fallback");
  const stored = containerState(container);
  const state = stored && prepare ? prepare(stored, container, fallback) : stored;
  if (!state) return;
  const el = document.createElement("div");
  el.className = "mnc-mount";
  try {
    const model = createModel({ ...state, host: "static" });
    container.append(el);
    await widget.render({ model, el });
    if (fallback) fallback.hidden = true;
  } catch (error) {
    el.remove();
    if (fallback) fallback.hidden = false;
    console.error("mnc: could not start a widget", error);
  }
}

// Mounts every container of this module on a site page (never in JupyterLab, which has no
// script tag marked data-mnc-version). `prepare(state, container, fallback)` may rebuild the
// model's state from the page (the quiz reads its questions from the no-JavaScript markup).
export function mountOnSite(moduleName, widget, prepare) {
  if (typeof document === "undefined" || !document.querySelector("script[data-mnc-version]")) return;
  for (const container of document.querySelectorAll(`[data-mnc-widget="${moduleName}"]`)) {
    mount(container, widget, prepare);
  }
}
