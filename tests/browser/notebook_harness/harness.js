// Puts outputs in the page as JupyterLab 4 renders them, and mounts widget modules as anywidget
// does: render({model, el}) on a model whose kernel is the test. window.notebook is the test's
// handle (tests/browser/test_notebook_outputs.py).

const cells = document.getElementById("cells");
const PROMPT_PX = 64; // JupyterLab's --jp-cell-prompt-width

// A code cell's output area; `width` is the output's own width in px (the prompt sits beside it).
function outputArea(width, classes, mimeType) {
  const cell = document.createElement("div");
  cell.className = "jp-Cell jp-CodeCell";
  cell.style.width = `${width + PROMPT_PX}px`;
  cell.innerHTML =
    '<div class="jp-OutputArea jp-Cell-outputArea"><div class="jp-OutputArea-child">' +
    '<div class="jp-OutputPrompt jp-OutputArea-prompt"></div></div></div>';
  const output = document.createElement("div");
  output.className = `${classes} jp-OutputArea-output`;
  output.dataset.mimeType = mimeType;
  cell.querySelector(".jp-OutputArea-child").append(output);
  cells.append(cell);
  return output;
}

// A model as anywidget hands it to render(): the kernel's side is the test, which reads what the
// widget saved or sent and delivers replies.
function kernelModel(state) {
  const listeners = new Map();
  const emit = (event, ...args) => {
    for (const callback of [...(listeners.get(event) || [])]) callback(...args);
  };
  return {
    saved: [],
    sent: [],
    get: (name) => state[name],
    set(name, value) {
      state[name] = value;
      emit(`change:${name}`, value);
    },
    on(event, callback) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(callback);
    },
    off(event, callback) {
      listeners.get(event)?.delete(callback);
    },
    save_changes() {
      this.saved.push(JSON.parse(JSON.stringify(state)));
    },
    send(message) {
      this.sent.push(message);
    },
    // The kernel changes a trait (a reply), or sends a custom message.
    deliver(name, value) {
      this.set(name, value);
    },
    message(content) {
      emit("msg:custom", content);
    },
  };
}

const timers = [];

window.notebook = {
  models: [],
  keys: [],

  // text/html, as a trusted output: JupyterLab puts the HTML in a RenderedHTMLCommon node.
  html(markup, width) {
    const output = outputArea(width, "jp-RenderedHTMLCommon jp-RenderedHTML", "text/html");
    output.innerHTML = markup;
    return cells.children.length - 1;
  },

  // image/svg+xml: JupyterLab 4's renderSVG shows the SVG as an <img> of a data URL.
  svg(source, width) {
    const output = outputArea(width, "jp-RenderedSVG", "image/svg+xml");
    const image = new Image();
    image.src = `data:image/svg+xml,${encodeURIComponent(source)}`;
    output.append(image);
    return cells.children.length - 1;
  },

  // A widget: its stylesheet in the page (anywidget adds _css), then render() into the output.
  async widget(module, styles, state, width) {
    for (const name of styles) {
      if (!document.querySelector(`link[href="static/${name}"]`)) {
        const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href: `static/${name}` });
        const loaded = new Promise((resolve) => link.addEventListener("load", resolve));
        document.head.append(link);
        await loaded;
      }
    }
    const output = outputArea(width, "jp-RenderedHTMLCommon", "application/vnd.jupyter.widget-view+json");
    const el = document.createElement("div");
    el.className = "lm-Widget jupyter-widgets";
    output.append(el);
    const { default: widget } = await import(`./static/${module}`);
    const model = kernelModel({ host: "kernel", ...state });
    await widget.render({ model, el });
    this.models.push(model);
    return this.models.length - 1;
  },

  // JupyterLab's command mode takes Enter at the document (it opens the cell editor) and stops it
  // there, so an input whose own handler lets Enter bubble never sees its default action.
  takeEnterLikeCommandMode() {
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      event.stopPropagation();
      this.keys.push(event.key);
    });
  },

  // Timers the test runs by hand: setTimeout only records the callback and its delay.
  holdTimers() {
    window.setTimeout = (callback, delay = 0) => timers.push({ callback, delay });
  },
  runTimers(atLeastMs) {
    const due = timers.filter((timer) => timer.delay >= atLeastMs);
    for (const timer of due) timers.splice(timers.indexOf(timer), 1);
    for (const timer of due) timer.callback();
    return due.length;
  },
};
document.documentElement.dataset.ready = "true";
