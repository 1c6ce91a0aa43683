// Collapsible cards and the columns that hold them: drag (SortableJS), menu, Alt+arrows.
import Sortable from "sortablejs";
import { h, icon, clear } from "./dom.js";
import { openMenuAt } from "./menu.js";

let nextId = 0;

/**
 * Build an empty card frame; fill `card.body` and call `card.setTitle`.
 * @param {string} key the stable panel key, also used in the layout trait
 * @param {object} column the Column this card lives in
 */
export function cardFrame(key, column) {
  const bodyId = `crmw-card-${++nextId}`;
  const title = h("span", { class: "crmw-card-title" });
  const count = h("span", { class: "crmw-count" });
  const toggle = h("button", { type: "button", class: "crmw-card-toggle",
    "aria-expanded": "true", "aria-controls": bodyId },
  h("span", { class: "crmw-chevron" }, icon("chevron", 14)), title, count);
  const more = h("button", { type: "button", class: "crmw-icon-btn",
    "aria-label": "Card options", "aria-haspopup": "menu" }, icon("dots"));
  const grip = h("span", { class: "crmw-grip", title: "Drag to reorder" }, icon("grip"));
  const extra = h("span", { class: "crmw-card-extra" });
  const head = h("div", { class: "crmw-card-head" }, grip, toggle, extra, more);
  const body = h("div", { class: "crmw-card-body", id: bodyId });
  const el = h("section", { class: "crmw-card", "data-key": key,
    "aria-label": key }, head, body);

  toggle.addEventListener("click", () => column.toggle(key));
  toggle.addEventListener("keydown", (ev) => {
    if (!ev.altKey || (ev.key !== "ArrowUp" && ev.key !== "ArrowDown")) return;
    ev.preventDefault();
    column.move(key, ev.key === "ArrowUp" ? -1 : 1);
    toggle.focus();
  });
  more.addEventListener("click", () => openMenuAt(more, [
    { label: "Move up", onSelect: () => column.move(key, -1) },
    { label: "Move down", onSelect: () => column.move(key, 1) },
    { label: el.classList.contains("is-collapsed") ? "Expand" : "Collapse",
      onSelect: () => column.toggle(key) },
  ], column.ctx.root));

  return {
    el, body, extra,
    setTitle(text, n) {
      title.textContent = text;
      el.setAttribute("aria-label", text);
      count.textContent = n === undefined || n === null ? "" : `(${n})`;
    },
    setCollapsed(collapsed) {
      el.classList.toggle("is-collapsed", collapsed);
      toggle.setAttribute("aria-expanded", String(!collapsed));
      body.hidden = collapsed;
    },
    fill(nodes) {
      clear(body);
      for (const n of [].concat(nodes)) if (n) body.appendChild(n);
    },
  };
}

/** One column of cards whose order and collapsed state follow the layout trait. */
export class Column {
  /**
   * @param {string} name "left", "middle" or "right"
   * @param {HTMLElement} container
   * @param {object} ctx
   */
  constructor(name, container, ctx) {
    this.name = name;
    this.container = container;
    this.ctx = ctx;
    this.cards = new Map();
    this.sortable = Sortable.create(container, {
      handle: ".crmw-grip", draggable: ".crmw-card", animation: 140,
      onEnd: () => this.commit(this.domOrder(), `${name} panels reordered`),
    });
  }

  domOrder() {
    return [...this.container.children].map((c) => c.dataset.key).filter(Boolean);
  }

  /** Get (or create) the card for a key. */
  card(key) {
    if (!this.cards.has(key)) {
      const c = cardFrame(key, this);
      this.cards.set(key, c);
      this.container.appendChild(c.el);
    }
    return this.cards.get(key);
  }

  /** Drop cards whose key is not in `keys`. */
  keep(keys) {
    for (const [key, c] of this.cards) {
      if (!keys.includes(key)) {
        c.el.remove();
        this.cards.delete(key);
      }
    }
  }

  /** Put the DOM in the layout's order; keys missing from the layout go last. */
  apply(layout) {
    const order = (layout && layout[this.name]) || [];
    const collapsed = new Set((layout && layout.collapsed) || []);
    const keys = [...order.filter((k) => this.cards.has(k)),
      ...[...this.cards.keys()].filter((k) => !order.includes(k))];
    for (const key of keys) {
      const c = this.cards.get(key);
      this.container.appendChild(c.el);
      c.setCollapsed(collapsed.has(key));
    }
  }

  move(key, delta) {
    const order = this.domOrder();
    const i = order.indexOf(key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= order.length) return;
    order.splice(i, 1);
    order.splice(j, 0, key);
    const title = this.cards.get(key)?.el.getAttribute("aria-label") || key;
    this.commit(order, `${title} moved to position ${j + 1} of ${order.length}`);
  }

  toggle(key) {
    const layout = this.ctx.model.get("panel_layout") || {};
    const collapsed = new Set(layout.collapsed || []);
    if (collapsed.has(key)) collapsed.delete(key);
    else collapsed.add(key);
    this.ctx.setTrait("panel_layout", { ...layout, collapsed: [...collapsed] });
  }

  commit(order, message) {
    const layout = this.ctx.model.get("panel_layout") || {};
    this.ctx.setTrait("panel_layout", { ...layout, [this.name]: order });
    this.ctx.announce(message);
  }

  destroy() {
    this.sortable.destroy();
  }
}
