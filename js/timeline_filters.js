// The Activities toolbar: type tabs, search, filter menus and the chips of the
// filter in force. It reads and writes the timeline_filter trait.
import { h, icon, clear } from "./dom.js";
import { openMenuAt } from "./menu.js";

const TABS = [["activity", "Activity"], ["notes", "Notes"], ["emails", "Emails"],
  ["calls", "Calls"], ["tasks", "Tasks"], ["meetings", "Meetings"]];
export const EMPTY_FILTER = { tab: "activity", kinds: [], users: [], teams: [],
  search: "" };
const FILTER_MENUS = [["Filter activity", "kinds"], ["All users", "users"],
  ["All teams", "teams"]];

/** One string per distinct filter, whatever the order of its keys. */
const filterKey = (f) => JSON.stringify(Object.keys(EMPTY_FILTER).map((k) => f[k]));
/** The number of the user's latest filter choice (0: none yet). */
export const latestRequest = (model) => model.get("timeline_request") || 0;

export class TimelineFilters {
  /**
   * @param {object} ctx the widget's shared context (model, root, setTrait)
   * @param {HTMLElement} busy the element marked aria-busy until the answer comes
   * @param {() => Array<object>} items the timeline items on the page now
   */
  constructor(ctx, busy, items) {
    this.ctx = ctx;
    this.busy = busy;
    this.items = items;
    this.toolbar = h("div", { class: "crmw-toolbar", role: "toolbar",
      "aria-label": "Activity filters" });
    this.chips = h("div", { class: "crmw-chips" });
    this.searchTimer = null;
    this.buildToolbar();
  }

  /** The filter in force, with every key present. */
  filter() {
    return { ...EMPTY_FILTER, ...(this.ctx.model.get("timeline_filter") || {}) };
  }

  /**
   * Choose a filter. The choice is numbered (timeline_request, sent with it) and
   * Python names that number in its answer, so only the latest choice gets drawn.
   */
  setFilter(patch) {
    const next = { ...this.filter(), ...patch };
    if ("search" in patch) {
      // A search chosen any other way (a chip, Clear all) replaces the words still
      // waiting in the box, which would otherwise be sent after it and undo it.
      clearTimeout(this.searchTimer);
      this.searchTimer = null;
      if (this.search.value !== (next.search || "")) this.search.value = next.search || "";
    }
    // An unchanged filter would get no answer and leave the list busy.
    if (filterKey(next) === filterKey(this.filter())) return;
    const model = this.ctx.model;
    this.busy.setAttribute("aria-busy", "true");
    model.set("timeline_request", latestRequest(model) + 1);
    model.set("timeline_filter", next);
    model.save_changes();
  }

  /**
   * Build the toolbar's lasting parts once. The search box and the type tabs are
   * never replaced: a page arriving while someone types would otherwise take the
   * focus, and the keys typed next, away from them.
   */
  buildToolbar() {
    this.typeTabs = h("div", { class: "crmw-type-tabs", role: "tablist",
      "aria-label": "Activity types" }, TABS.map(([value, label]) => {
      const b = h("button", { type: "button", role: "tab", class: "crmw-type-tab",
        "data-tab": value }, label);
      b.addEventListener("click", () => this.setFilter({ tab: value }));
      return b;
    }));
    this.typeTabs.addEventListener("keydown", (ev) => this.tabKeys(ev, this.typeTabs));
    this.search = h("input", { class: "crmw-input crmw-search", type: "search",
      placeholder: "Search activities", "aria-label": "Search activities" });
    this.search.addEventListener("input", () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(() => {
        this.searchTimer = null;
        this.setFilter({ search: this.search.value });
      }, 250);
    });
    this.menus = {};
    for (const [label, field] of FILTER_MENUS) {
      const b = h("button", { type: "button", class: "crmw-btn is-sm",
        "aria-haspopup": "menu", "aria-expanded": "false", "data-filter": field });
      b.addEventListener("click", () => this.openFilterMenu(b, field));
      this.menus[field] = b;
    }
    const expandAll = h("button", { type: "button", class: "crmw-btn is-sm" },
      "Expand all");
    expandAll.addEventListener("click", () => this.ctx.setTrait("expanded",
      this.items().filter((i) => !i.system).map((i) => i.id)));
    const collapseAll = h("button", { type: "button", class: "crmw-btn is-sm" },
      "Collapse all");
    collapseAll.addEventListener("click", () => this.ctx.setTrait("expanded", []));
    this.toolbar.append(this.typeTabs, h("div", { class: "crmw-toolbar-tools" },
      h("span", { class: "crmw-search-wrap" }, icon("search", 14), this.search),
      Object.values(this.menus), expandAll, collapseAll));
  }

  /** Bring the toolbar and chips up to date with timeline_filter. */
  render() {
    const f = this.filter();
    const data = this.ctx.model.get("timeline") || {};
    for (const b of this.typeTabs.children) {
      const on = f.tab === b.dataset.tab;
      b.setAttribute("aria-selected", String(on));
      b.setAttribute("tabindex", on ? "0" : "-1");
    }
    // Words typed but not yet sent are the user's latest; otherwise the box shows
    // the filter in force (which Python may have set).
    if (this.searchTimer === null && this.search.value !== (f.search || "")) {
      this.search.value = f.search || "";
    }
    for (const [label, field] of FILTER_MENUS) {
      const chosen = (f[field] || []).length;
      this.menus[field].textContent = `${chosen ? `${label} (${chosen})` : label} ▾`;
    }
    this.menus.kinds.disabled = f.tab !== "activity";
    this.renderChips(f, data);
  }

  /** The menu of one filter button, its choices read when it opens. */
  openFilterMenu(button, field) {
    const options = (this.ctx.model.get("timeline") || {})[field] || [];
    const chosen = new Set((this.filter()[field] || []).map(String));
    openMenuAt(button, options.map((o) => ({
      label: o.label, checked: chosen.has(String(o.value)), keepOpen: true,
      onSelect: () => {
        const next = new Set((this.filter()[field] || []).map(String));
        if (next.has(String(o.value))) next.delete(String(o.value));
        else next.add(String(o.value));
        this.setFilter({ [field]: options.filter((x) => next.has(String(x.value)))
          .map((x) => x.value) });
      },
    })), this.ctx.root);
  }

  tabKeys(ev, tabs) {
    const all = [...tabs.querySelectorAll("[role=tab]")];
    const i = all.indexOf(document.activeElement);
    let j = null;
    if (ev.key === "ArrowRight") j = (i + 1) % all.length;
    if (ev.key === "ArrowLeft") j = (i - 1 + all.length) % all.length;
    if (ev.key === "Home") j = 0;
    if (ev.key === "End") j = all.length - 1;
    if (j === null) return;
    ev.preventDefault();
    all[j].focus();
    all[j].click();
  }

  renderChips(f, data) {
    clear(this.chips);
    const label = (list, v) => (list || []).find((o) => String(o.value) === String(v))
      ?.label || String(v);
    const chips = [];
    if (f.search) chips.push([`Search: ${f.search}`, { search: "" }]);
    for (const field of ["kinds", "users", "teams"]) {
      for (const v of f[field] || []) {
        chips.push([label(data[field], v), { [field]: f[field].filter((x) => x !== v) }]);
      }
    }
    if (!chips.length) return;
    for (const [text, patch] of chips) {
      const b = h("button", { type: "button", class: "crmw-chip",
        "aria-label": `Remove filter ${text}` }, text, " ×");
      b.addEventListener("click", () => this.setFilter(patch));
      this.chips.appendChild(b);
    }
    const clearAll = h("button", { type: "button", class: "crmw-link" }, "Clear all");
    clearAll.addEventListener("click", () => this.setFilter({ ...EMPTY_FILTER,
      tab: f.tab }));
    this.chips.appendChild(clearAll);
  }
}
