// Tiny DOM helpers: build elements with text only (never innerHTML), and icons.

/**
 * Create an element. Children may be strings (set as text), nodes, arrays or null.
 * @param {string} tag
 * @param {Record<string, any>} [attrs]
 * @param {...any} children
 * @returns {HTMLElement}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = String(v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "style") el.setAttribute("style", v);
    else if (k === "hidden") el.hidden = true;
    else if (k === "value") el.value = v;
    else if (k === "checked") el.checked = Boolean(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

/** Remove every child of an element. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const PATHS = {
  note: "M4 3h9l4 4v10H4z M13 3v4h4 M7 10h7 M7 13h5",
  email: "M3 5h14v10H3z M3 5l7 6 7-6",
  call: "M5 3l3 1 1 3-2 2a10 10 0 0 0 4 4l2-2 3 1 1 3-2 2C8 17 3 12 3 5z",
  task: "M4 4h12v12H4z M7 10l2 2 4-4",
  meeting: "M4 5h12v11H4z M4 8h12 M7 3v4 M13 3v4",
  more: "M5 10h.01 M10 10h.01 M15 10h.01",
  system: "M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14z M10 6v4l3 2",
  chevron: "M7 5l5 5-5 5",
  grip: "M7 5h.01 M13 5h.01 M7 10h.01 M13 10h.01 M7 15h.01 M13 15h.01",
  dots: "M5 10h.01 M10 10h.01 M15 10h.01",
  search: "M9 4a5 5 0 1 0 0 10 5 5 0 0 0 0-10z M13 13l4 4",
  pencil: "M4 16l1-4 8-8 3 3-8 8z",
  copy: "M7 7h9v9H7z M4 13V4h9",
  funnel: "M3 4h14l-5 7v5l-4-2v-3z",
  comment: "M4 4h12v9H9l-4 3v-3H4z",
  clip: "M13 6l-6 6a2 2 0 0 0 3 3l6-6a4 4 0 0 0-6-6l-6 6",
  close: "M5 5l10 10 M15 5L5 15",
  sidebar: "M3 4h14v12H3z M12 4v12",
  contact: "M10 4a3 3 0 1 0 0 6 3 3 0 0 0 0-6z M4 17a6 6 0 0 1 12 0",
  company: "M4 17V4h8v13 M12 8h4v9 M3 17h14 M7 7h2 M7 10h2 M7 13h2",
  deal: "M4 6h12v9H4z M10 8v5 M8 9.5h3a1 1 0 0 1 0 2H9a1 1 0 0 0 0 2h3",
  ticket: "M3 6h14v3a1.5 1.5 0 0 0 0 3v3H3v-3a1.5 1.5 0 0 0 0-3z M12 6v9",
  chart: "M4 16V9 M8 16V5 M12 16v-4 M16 16V7 M3 16h14",
  list: "M7 6h10 M7 10h10 M7 14h10 M3.5 6h.01 M3.5 10h.01 M3.5 14h.01",
  cart: "M3 4h2l2 9h9l1-6H6 M8 16h.01 M15 16h.01",
  book: "M4 4h5a2 2 0 0 1 2 2v10a2 2 0 0 0-2-2H4z M16 4h-5 M16 4v10h-5",
  sync: "M4 10a6 6 0 0 1 10-4l2 2 M16 4v4h-4 M16 10a6 6 0 0 1-10 4l-2-2 M4 16v-4h4",
};

/**
 * An inline SVG icon (aria-hidden; the button around it carries the label).
 * @param {string} name
 * @param {number} [size]
 */
export function icon(name, size = 16) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "crmw-icon");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", PATHS[name] || PATHS.system);
  svg.appendChild(path);
  return svg;
}

/** A visually hidden span, for screen-reader-only text. */
export function srOnly(text) {
  return h("span", { class: "crmw-sr" }, text);
}

/** Listen and remember how to stop listening. */
export class Listeners {
  constructor() {
    this.offs = [];
  }
  on(target, type, fn, opts) {
    target.addEventListener(type, fn, opts);
    this.offs.push(() => target.removeEventListener(type, fn, opts));
  }
  add(off) {
    this.offs.push(off);
  }
  clear() {
    for (const off of this.offs.splice(0)) off();
  }
}
