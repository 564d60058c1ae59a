// The static site's host for a widget module. In JupyterLab anywidget imports the module and
// calls render({model, el}) with a kernel-backed model; on the site the page loads the module
// with <script type="module" data-mnc-version>, and mountOnSite gives each of its containers a
// small model made from the container's inert JSON.

// The site's model: a plain store with anywidget's methods. Nothing on a static page changes a
// value behind the widget's back and there is no kernel, so it sends and emits nothing.
export function createModel(initial) {
  const state = { ...initial };
  return {
    get: (name) => state[name],
    set(name, value) {
      state[name] = value;
    },
    on() {},
    off() {},
    save_changes() {},
    send() {},
  };
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
  const el = document.createElement("div");
  el.className = "mnc-mount";
  try {
    const stored = containerState(container);
    const state = stored && prepare ? prepare(stored, container, fallback) : stored;
    if (!state) return;
    container.append(el);
    await widget.render({ model: createModel({ ...state, host: "static" }), el });
    if (fallback) fallback.hidden = true;
  } catch (error) {
    el.remove();
    if (fallback) fallback.hidden = false;
    console.error("mnc: could not start a widget", error);
  }
}

// A module's own stylesheet (minified CSS text), added to the page's head.
export function addStyles(css) {
  document.head.append(Object.assign(document.createElement("style"), { textContent: css }));
}

// Mounts every container of this module on a site page (never in JupyterLab, which has no
// script tag marked data-mnc-version). `prepare(state, container, fallback)` may rebuild the
// model's state from the page (the quiz reads its questions from the no-JavaScript markup).
// `styles`, if given, is the module's CSS, added once before the first container mounts. A
// widget that ships more than one site module names its own in data-mnc-site: `siteFile` then
// picks the containers that name this one.
export function mountOnSite(moduleName, widget, prepare, styles, siteFile) {
  if (typeof document === "undefined" || !document.querySelector("script[data-mnc-version]")) return;
  const mine = siteFile ? `[data-mnc-site="${siteFile}"]` : "";
  const containers = document.querySelectorAll(`[data-mnc-widget="${moduleName}"]${mine}`);
  if (styles && containers.length) addStyles(styles);
  for (const container of containers) mount(container, widget, prepare);
}
