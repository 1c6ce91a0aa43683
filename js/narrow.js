// Narrow widgets: the right column as a rail and drawer (860–999 px wide) and the
// one-column page with a sticky band (under 860 px), visual guide section 1.
import { h, icon, clear } from "./dom.js";
import { openMenuAt } from "./menu.js";
import { initials, tag, statusTag } from "./blocks.js";
import { LOG_TYPES, actionItems } from "./left.js";

/** The widget widths (px) where the layout changes; CSS has the same numbers. */
const RAIL_BELOW = 1000;
const NARROW_BELOW = 860;

/** The rail's glyph for each right-column card. */
const CARD_ICONS = {
  "associations.contacts": "contact", "associations.companies": "company",
  "associations.deals": "deal", "associations.tickets": "ticket",
  account_overview: "chart", attribution: "chart", memberships: "list",
  line_items: "cart", quotes: "note", playbooks: "book", attachments: "clip",
  conversations: "comment", salesforce_sync: "sync",
};

/**
 * Which layout a widget of this inner width gets.
 * @param {number} width the root's clientWidth (what the container queries see)
 * @returns {"wide"|"rail"|"narrow"}
 */
export function layoutMode(width) {
  // Not in the page yet: a width of 0 says nothing about the cell.
  if (!width || width >= RAIL_BELOW) return "wide";
  return width >= NARROW_BELOW ? "rail" : "narrow";
}

/** The 44 px rail of card icons and the 320 px drawer showing one card. */
export class Rail {
  /**
   * @param {object} ctx the widget context (root, announce...)
   * @param {HTMLElement} right the right column, which becomes the drawer
   */
  constructor(ctx, right) {
    this.ctx = ctx;
    this.right = right;
    this.openKey = null;
    this.el = h("nav", { class: "crmw-rail", "aria-label": "Sidebar cards" });
    this.closer = h("button", { type: "button", class: "crmw-icon-btn crmw-drawer-close",
      "aria-label": "Close drawer", title: "Close (Esc)" }, icon("close"));
    this.closer.addEventListener("click", () => this.hide());
    right.prepend(this.closer);
  }

  /**
   * One button per right card, in the column's order.
   * @param {Array<{key: string, title: string, count: (number|null)}>} cards
   */
  update(cards) {
    clear(this.el);
    for (const c of cards) {
      const counted = c.count !== null && c.count !== undefined;
      const label = counted ? `${c.title} (${c.count})` : c.title;
      const b = h("button", { type: "button", class: "crmw-rail-card", "data-key": c.key,
        "aria-label": label, title: label, "aria-controls": this.right.id,
        "aria-expanded": String(this.openKey === c.key) },
      icon(CARD_ICONS[c.key] || "more", 18),
      counted ? h("span", { class: "crmw-badge", "aria-hidden": "true" },
        c.count > 99 ? "99+" : String(c.count)) : null);
      b.addEventListener("click", () => (this.openKey === c.key ? this.hide()
        : this.show(c.key)));
      this.el.appendChild(b);
    }
    if (this.openKey && !cards.some((c) => c.key === this.openKey)) this.hide(false);
  }

  /** Open the drawer on one card and move focus into it. */
  show(key) {
    this.hide(false);
    this.openKey = key;
    for (const card of this.right.querySelectorAll(".crmw-card")) {
      card.classList.toggle("is-drawer-card", card.dataset.key === key);
    }
    this.ctx.root.classList.add("is-drawer-open");
    this.button(key)?.setAttribute("aria-expanded", "true");
    this.right.scrollTop = 0;
    this.closer.focus();
  }

  /**
   * Close the drawer; focus goes back to the rail button that opened it.
   * @returns {boolean} whether a drawer was open
   */
  hide(refocus = true) {
    if (!this.openKey) return false;
    const b = this.button(this.openKey);
    this.openKey = null;
    this.ctx.root.classList.remove("is-drawer-open");
    b?.setAttribute("aria-expanded", "false");
    if (refocus) b?.focus();
    return true;
  }

  button(key) {
    return [...this.el.children].find((b) => b.dataset.key === key) || null;
  }
}

/**
 * The 56 px band of a one-column page: avatar, name, stage tag, log buttons, Actions.
 * @param {HTMLElement} el
 * @param {object} header the header payload
 */
export function renderBand(el, header, ctx) {
  clear(el);
  if (!header || !header.name) return;
  const stage = (header.tags || [])[0];
  const actions = h("button", { type: "button", class: "crmw-btn is-sm",
    "aria-haspopup": "menu", "aria-expanded": "false" }, "Actions ▾");
  actions.addEventListener("click", () => openMenuAt(actions, actionItems(header, ctx),
    ctx.root));
  const log = LOG_TYPES.map(([kind, label]) => {
    const b = h("button", { type: "button", class: "crmw-icon-btn crmw-band-log",
      "aria-label": `Log a ${label.toLowerCase()}`, title: `Log a ${label.toLowerCase()}`,
      "data-log": kind }, icon(kind));
    b.addEventListener("click", () => ctx.openComposer(kind));
    return b;
  });
  el.append(
    h("span", { class: `crmw-avatar is-band${header.shape === "square" ? " is-square"
      : ""}`, "aria-hidden": "true" }, initials(header.name)),
    h("span", { class: "crmw-band-name", title: header.name }, header.name),
    stage ? h("span", { class: "crmw-band-tag" }, stage.status ? statusTag(stage)
      : tag(stage)) : null,
    h("span", { class: "crmw-spacer" }),
    h("span", { class: "crmw-band-logs" }, log),
    actions,
  );
}
