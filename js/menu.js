// Popover menus: open under a button, close on Esc or outside click, focus returns.
import { h } from "./dom.js";

let openMenu = null;

/** Close whichever menu is open and give focus back to its button. */
export function closeMenus() {
  if (!openMenu) return;
  const { el, button } = openMenu;
  openMenu = null;
  el.remove();
  button.setAttribute("aria-expanded", "false");
  button.focus();
}

/**
 * Open a menu of items under a button. An item is {label, onSelect, checked?, danger?,
 * disabled?} or {separator: true}.
 * @param {HTMLElement} button
 * @param {Array<object>} items
 * @param {HTMLElement} root the widget root (the menu is positioned inside it)
 */
export function openMenuAt(button, items, root) {
  const wasOpen = openMenu && openMenu.button === button;
  closeMenus();
  if (wasOpen) return;
  const el = h("div", { class: "crmw-menu", role: "menu" });
  for (const item of items) {
    if (item.separator) {
      el.appendChild(h("div", { class: "crmw-menu-sep", role: "separator" }));
      continue;
    }
    const role = item.checked === undefined ? "menuitem" : "menuitemcheckbox";
    const b = h("button", {
      class: "crmw-menu-item" + (item.danger ? " is-danger" : ""), role,
      type: "button", "aria-checked": item.checked === undefined ? null
        : String(Boolean(item.checked)), disabled: item.disabled,
    }, item.checked === undefined ? null
      : h("span", { class: "crmw-check", "aria-hidden": "true" },
        item.checked ? "✓" : ""), item.label);
    b.addEventListener("click", (ev) => {
      ev.stopPropagation();
      if (!item.keepOpen) closeMenus();
      item.onSelect && item.onSelect();
      if (item.keepOpen && item.checked !== undefined) {
        item.checked = !item.checked;
        b.setAttribute("aria-checked", String(item.checked));
        b.querySelector(".crmw-check").textContent = item.checked ? "✓" : "";
      }
    });
    el.appendChild(b);
  }
  el.addEventListener("keydown", (ev) => {
    const buttons = [...el.querySelectorAll("button:not([disabled])")];
    const i = buttons.indexOf(document.activeElement);
    if (ev.key === "ArrowDown") buttons[(i + 1) % buttons.length]?.focus();
    else if (ev.key === "ArrowUp") buttons[(i - 1 + buttons.length) % buttons.length]
      ?.focus();
    else return;
    ev.preventDefault();
  });
  root.appendChild(el);
  const r = button.getBoundingClientRect();
  const rr = root.getBoundingClientRect();
  const left = Math.min(r.left - rr.left, rr.width - 232);
  el.style.left = `${Math.max(4, left)}px`;
  el.style.top = `${r.bottom - rr.top + 4}px`;
  button.setAttribute("aria-expanded", "true");
  openMenu = { el, button };
  el.querySelector("button:not([disabled])")?.focus();
}

/** True when a click landed inside the open menu. */
export function insideMenu(target) {
  return Boolean(openMenu && openMenu.el.contains(target));
}
