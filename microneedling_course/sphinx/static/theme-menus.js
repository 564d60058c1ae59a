// Lean pages (microneedling_course/sphinx/lean_pages.py): the two things the theme's pages need
// from Bootstrap's 81 KB script, in a few lines: the header's drop-down menus (launch, source,
// download) and the back-to-top button. The header buttons keep their title attribute, which the
// browser shows on hover in place of Bootstrap's tooltips. Also: the menu button of the article
// header opens the course navigation on a phone (see openSidebarsOnNarrowScreens).
(() => {
  "use strict";

  const TOGGLE = '[data-bs-toggle="dropdown"]';
  const menuOf = (toggle) => toggle.parentElement.querySelector(".dropdown-menu");
  const itemsOf = (menu) =>
    [...menu.querySelectorAll(".dropdown-item")].filter((item) => !item.disabled);

  function close(toggle, refocus) {
    const menu = menuOf(toggle);
    if (!menu || !menu.classList.contains("show")) return;
    menu.classList.remove("show");
    toggle.classList.remove("show");
    toggle.setAttribute("aria-expanded", "false");
    if (refocus) toggle.focus();
  }

  function closeAll(except) {
    for (const toggle of document.querySelectorAll(TOGGLE)) {
      if (toggle !== except) close(toggle, false);
    }
  }

  function open(toggle) {
    const menu = menuOf(toggle);
    if (!menu) return;
    closeAll(toggle);
    // Bootstrap's own rules place a menu with data-bs-popper under its button.
    menu.dataset.bsPopper = "static";
    menu.classList.remove("dropdown-menu-end");
    menu.classList.add("show");
    toggle.classList.add("show");
    toggle.setAttribute("aria-expanded", "true");
    if (menu.getBoundingClientRect().right > document.documentElement.clientWidth) {
      menu.classList.add("dropdown-menu-end");
    }
  }

  function focusItem(menu, step) {
    const items = itemsOf(menu);
    if (!items.length) return;
    const index = items.indexOf(document.activeElement);
    const next = index < 0 ? (step > 0 ? 0 : items.length - 1) : index + step;
    items[(next + items.length) % items.length].focus();
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest(TOGGLE);
    if (toggle) {
      event.preventDefault();
      if (menuOf(toggle)?.classList.contains("show")) close(toggle, false);
      else open(toggle);
      return;
    }
    // A click outside a menu, or on one of its items, closes the open menu.
    if (!event.target.closest(".dropdown-menu") || event.target.closest(".dropdown-item")) {
      closeAll(null);
    }
  });

  document.addEventListener("keydown", (event) => {
    const dropdown = event.target.closest?.(".dropdown");
    const toggle = dropdown?.querySelector(TOGGLE);
    if (!toggle) return;
    const menu = menuOf(toggle);
    if (event.key === "Escape") {
      close(toggle, true);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!menu.classList.contains("show")) open(toggle);
      focusItem(menu, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Tab") {
      close(toggle, false);
    }
  });

  // On a narrow screen pydata-sphinx-theme opens the navigation (and the page's contents) from
  // the first .primary-toggle (.secondary-toggle) of the page, a copy that sphinx-book-theme
  // hides; the visible button in the article header did nothing there (sphinx-book-theme handles
  // the primary one from 992 px up; the contents sit beside the page from 1200 px up). Its click
  // is handed to the first one.
  const SIDEBAR_TOGGLES = [
    [".primary-toggle", "(min-width: 992px)"],
    [".secondary-toggle", "(min-width: 1200px)"],
  ];
  function openSidebarsOnNarrowScreens(event) {
    for (const [selector, wide] of SIDEBAR_TOGGLES) {
      const toggle = event.target.closest(`.bd-header-article ${selector}`);
      const first = document.querySelector(selector);
      if (!toggle || !first || first === toggle || window.matchMedia(wide).matches) continue;
      first.click();
    }
  }
  document.addEventListener("click", openSidebarsOnNarrowScreens);

  // Back to top: shown while the reader scrolls up below the header; goes to the top.
  function backToTop() {
    const button = document.getElementById("pst-back-to-top");
    const header = document.querySelector(".bd-header");
    if (!button || !header) return;
    const headerBottom = header.getBoundingClientRect().bottom;
    let previous = window.scrollY;
    window.addEventListener("scroll", () => {
      const up = window.scrollY < previous && window.scrollY > headerBottom;
      button.style.display = up ? "block" : "none";
      previous = window.scrollY;
    });
    button.addEventListener("click", () => {
      document.body.scrollTop = 0;
      document.documentElement.scrollTop = 0;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", backToTop);
  } else {
    backToTop();
  }
})();
