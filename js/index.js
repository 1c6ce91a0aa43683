// RecordView entry: builds the three columns and wires one update per trait.
import { h, icon, clear, Listeners } from "./dom.js";
import { closeMenus, insideMenu } from "./menu.js";
import { Column } from "./cards.js";
import { renderBlocks } from "./blocks.js";
import { renderHeader, composer, aboutBody } from "./left.js";
import { Timeline } from "./timeline.js";
import { renderOverview } from "./overview.js";
import { watchTheme } from "./theme.js";
import { Rail, renderBand, layoutMode } from "./narrow.js";

const TAB_LABELS = { overview: "Overview", activities: "Activities" };
// A one-column page also shows the sidebars as tabs (visual guide section 1).
const NARROW_TABS = [["about", "About", "crmw-col-left"],
  ["associations", "Associations", "crmw-col-right"]];

function render({ model, el }) {
  const listeners = new Listeners();
  const pending = new Map();
  let counter = 0;

  const root = h("div", { class: "crmw", "data-theme": "light", "data-mode": "wide" });
  const header = h("div", { class: "crmw-header" });
  const leftCards = h("div", { class: "crmw-cards" });
  const left = h("aside", { class: "crmw-col crmw-left", "aria-label": "Record",
    id: "crmw-col-left" }, header, leftCards);
  const tabs = h("div", { class: "crmw-tabs", role: "tablist",
    "aria-label": "Record tabs" });
  const overviewEl = h("div", { class: "crmw-tabpanel", role: "tabpanel",
    id: "crmw-tab-overview" });
  const middle = h("main", { class: "crmw-col crmw-middle", "aria-label": "Activity" },
    tabs, overviewEl);
  const rightCards = h("div", { class: "crmw-cards" });
  const rightToggle = h("button", { type: "button", class: "crmw-icon-btn crmw-rail-btn",
    "aria-label": "Collapse right sidebar", "aria-expanded": "true" }, icon("sidebar"));
  const right = h("aside", { class: "crmw-col crmw-right",
    "aria-label": "Associations and tools", id: "crmw-col-right" }, rightCards);
  const band = h("div", { class: "crmw-band" });
  const bandSlot = h("div", { class: "crmw-band-slot" });
  const toasts = h("div", { class: "crmw-toasts", role: "status" });
  const live = h("div", { class: "crmw-sr", "aria-live": "polite" });
  const frame = h("div", { class: "crmw-frame" }, band, bandSlot, left, middle, right);
  root.append(frame, rightToggle, toasts, live);
  el.appendChild(root);

  // "wide", "rail" or "narrow", from the widget's own width; and which sidebar a
  // one-column page shows as a tab (null: the active_tab trait's panel).
  let mode = "wide";
  let narrowTab = null;

  /** The context every part of the UI gets. */
  const ctx = {
    model, root,
    setTrait(name, value) {
      model.set(name, value);
      model.save_changes();
    },
    send(intent) {
      const request_id = `r${Date.now().toString(36)}-${++counter}`;
      return new Promise((resolve) => {
        pending.set(request_id, resolve);
        model.send({ ...intent, request_id });
      });
    },
    announce(text) {
      live.textContent = text;
    },
    toast(text, kind = "info", detail = null) {
      const close = h("button", { type: "button", class: "crmw-icon-btn is-xs",
        "aria-label": "Dismiss" }, icon("close", 12));
      const t = h("div", { class: `crmw-toast is-${kind}` }, h("div", {},
        h("div", {}, text), detail ? h("pre", { class: "crmw-error-details" }, detail)
          : null), close);
      close.addEventListener("click", () => t.remove());
      toasts.appendChild(t);
      if (kind !== "danger") setTimeout(() => t.remove(), 4000);
    },
    openComposer(kind) {
      const slot = mode === "narrow" ? bandSlot
        : header.querySelector(".crmw-composer-slot");
      if (!slot) return;
      clear(slot);
      slot.appendChild(composer(kind, ctx, () => clear(slot)));
    },
    prompt(title, placeholder, onOk) {
      const input = h("input", { class: "crmw-input", "aria-label": placeholder,
        placeholder });
      const ok = h("button", { type: "button", class: "crmw-btn is-primary" }, "OK");
      const cancel = h("button", { type: "button", class: "crmw-btn" }, "Cancel");
      const dlg = dialog(title, [input, h("div", { class: "crmw-buttons" }, ok, cancel)]);
      ok.addEventListener("click", () => { dlg.remove(); onOk(input.value.trim()); });
      cancel.addEventListener("click", () => dlg.remove());
      input.focus();
    },
  };

  function dialog(title, children) {
    const close = h("button", { type: "button", class: "crmw-icon-btn",
      "aria-label": "Close" }, icon("close"));
    const dlg = h("div", { class: "crmw-dialog", role: "dialog", "aria-label": title },
      h("div", { class: "crmw-dialog-head" }, h("strong", {}, title), close),
      h("div", { class: "crmw-dialog-body" }, children));
    close.addEventListener("click", () => dlg.remove());
    root.appendChild(dlg);
    return dlg;
  }

  const columns = { left: new Column("left", leftCards, ctx),
    right: new Column("right", rightCards, ctx) };
  const timeline = new Timeline(ctx);
  const rail = new Rail(ctx, right);
  frame.appendChild(rail.el);
  const activitiesEl = h("div", { class: "crmw-tabpanel", role: "tabpanel",
    id: "crmw-tab-activities" }, timeline.el);
  middle.appendChild(activitiesEl);

  function payloadFor(key) {
    if (key === "about") return model.get("about");
    if (key.startsWith("associations.")) return (model.get("associations") || {})[key];
    return (model.get("tools") || {})[key];
  }

  function fillCard(column, key) {
    const data = payloadFor(key);
    const card = column.card(key);
    card.setTitle((data && data.title) || key, data ? data.count : null);
    card.fill(key === "about" ? aboutBody(data, ctx)
      : renderBlocks(data || { empty: "Loading…" }, ctx));
  }

  const update = {
    height() {
      root.style.height = `${Math.max(480, model.get("height") || 720)}px`;
    },
    header() {
      renderHeader(header, model.get("header"), ctx);
      // The band exists only on a one-column page: no hidden second name elsewhere.
      if (mode === "narrow") renderBand(band, model.get("header"), ctx);
      else clear(band);
    },
    panel_layout() {
      const layout = model.get("panel_layout") || {};
      for (const name of ["left", "right"]) {
        const keys = layout[name] || [];
        columns[name].keep(keys);
        for (const key of keys) fillCard(columns[name], key);
        columns[name].apply(layout);
      }
      showCollapsed(layout);
      update.active_tab();
      updateRail();
    },
    about() { if (columns.left.cards.has("about")) fillCard(columns.left, "about"); },
    associations() {
      refill((k) => k.startsWith("associations."));
      updateRail();
    },
    tools() {
      refill((k) => k !== "about" && !k.startsWith("associations."));
      updateRail();
    },
    active_tab() {
      const active = model.get("active_tab") || "overview";
      const order = (model.get("panel_layout") || {}).middle || ["overview", "activities"];
      const shown = mode === "narrow" && narrowTab ? narrowTab : active;
      // The buttons are rebuilt: a keyboard user keeps focus on the chosen tab.
      const focused = tabs.contains(document.activeElement);
      clear(tabs);
      const all = [...order.filter((k) => TAB_LABELS[k]).map((k) => [k, TAB_LABELS[k],
        `crmw-tab-${k}`]), ...NARROW_TABS];
      for (const [key, label, controls] of all) {
        const narrowOnly = NARROW_TABS.some(([k]) => k === key);
        const b = h("button", { type: "button", role: "tab", class: "crmw-tab" +
          (narrowOnly ? " is-narrow-only" : ""), "aria-selected": String(key === shown),
        "aria-controls": controls, tabindex: key === shown ? "0" : "-1",
        "data-tab": key }, label);
        b.addEventListener("click", () => chooseTab(key, narrowOnly));
        tabs.appendChild(b);
        if (focused && key === shown) b.focus();
      }
      if (narrowTab) root.dataset.narrowTab = narrowTab;
      else delete root.dataset.narrowTab;
      overviewEl.hidden = active !== "overview";
      activitiesEl.hidden = active !== "activities";
    },
    overview() { renderOverview(overviewEl, model.get("overview"), ctx); },
    timeline() { timeline.update(); },
    timeline_filter() { timeline.filters.render(); },
    expanded() { timeline.redraw(); },
    error() {
      const err = model.get("error");
      if (err && err.message) ctx.toast(err.message, "danger", err.detail || null);
    },
  };

  /** The right sidebar's collapsed state, drawn with the first frame. */
  function showCollapsed(layout) {
    const collapsedRight = (layout.collapsed || []).includes("right_sidebar");
    root.classList.toggle("is-right-collapsed", collapsedRight);
    rightToggle.setAttribute("aria-expanded", String(!collapsedRight));
    rightToggle.setAttribute("aria-label", collapsedRight ? "Open right sidebar"
      : "Collapse right sidebar");
  }

  function chooseTab(key, narrowOnly) {
    narrowTab = narrowOnly ? key : null;
    if (narrowOnly || model.get("active_tab") === key) update.active_tab();
    else ctx.setTrait("active_tab", key);
  }

  /** The rail's buttons follow the right column's cards, titles and counts. */
  function updateRail() {
    rail.update(columns.right.domOrder().map((key) => {
      const data = payloadFor(key);
      return { key, title: (data && data.title) || key, count: data ? data.count : null };
    }));
  }

  function setMode(next) {
    if (next === mode) return;
    mode = next;
    root.dataset.mode = mode;
    if (mode !== "rail") rail.hide(false);
    update.active_tab();
    update.header();
  }

  function refill(pred) {
    for (const name of ["left", "right"]) {
      for (const key of columns[name].cards.keys()) {
        if (pred(key)) fillCard(columns[name], key);
      }
    }
  }

  // The header and the tabs are drawn at once; the cards, the overview and the
  // timeline after the browser has painted that frame (see the end of render), so
  // a long record shows its name without waiting for every panel to be built.
  // Until then a change to a panel's trait waits for that one full draw.
  const FIRST = ["height", "header", "active_tab"];
  let ready = false;
  for (const [trait, fn] of Object.entries(update)) {
    const handler = () => { if (ready || FIRST.includes(trait)) fn(); };
    model.on(`change:${trait}`, handler);
    listeners.add(() => model.off(`change:${trait}`, handler));
  }

  // A new locale or zone redraws every formatted value (not part of the first draw).
  const reformat = () => {
    if (!ready) { update.header(); return; }
    for (const name of ["header", "about", "overview", "associations", "tools"]) {
      update[name]();
    }
    timeline.redraw();
  };
  for (const trait of ["locale", "time_zone"]) {
    model.on(`change:${trait}`, reformat);
    listeners.add(() => model.off(`change:${trait}`, reformat));
  }

  const onMsg = (msg) => {
    if (!msg || msg.kind !== "result") return;
    const resolve = pending.get(msg.request_id);
    pending.delete(msg.request_id);
    if (msg.ok && msg.message) {
      ctx.toast(msg.message, "success");
      ctx.announce(msg.message);
    }
    if (!msg.ok) ctx.toast(msg.error || "Something went wrong", "danger");
    if (msg.ok && msg.data && msg.data.columns) {
      dialog(msg.data.title || "Details", renderBlocks({ blocks: [{ type: "table",
        ...msg.data }] }, ctx));
    }
    if (resolve) resolve(msg);
  };
  model.on("msg:custom", onMsg);
  listeners.add(() => model.off("msg:custom", onMsg));

  rightToggle.addEventListener("click", () => {
    const layout = model.get("panel_layout") || {};
    const collapsed = new Set(layout.collapsed || []);
    if (collapsed.has("right_sidebar")) collapsed.delete("right_sidebar");
    else collapsed.add("right_sidebar");
    ctx.setTrait("panel_layout", { ...layout, collapsed: [...collapsed] });
  });
  // Keys typed in the widget must never reach Jupyter's command-mode shortcuts.
  listeners.on(root, "keydown", (ev) => {
    ev.stopPropagation();
    if (ev.key === "Escape") {
      // One Esc closes the innermost thing: a menu, then a dialog, then the drawer.
      if (root.querySelector(".crmw-menu")) closeMenus();
      else if (root.querySelector(".crmw-dialog")) root.querySelector(".crmw-dialog").remove();
      else rail.hide();
    }
  });
  listeners.on(tabs, "keydown", (ev) => {
    const all = [...tabs.querySelectorAll("[role=tab]")]
      .filter((b) => b.offsetParent !== null);
    const i = all.indexOf(document.activeElement);
    const j = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: all.length - 1 }[ev.key];
    if (j === undefined || i < 0) return;
    ev.preventDefault();
    const next = all[(j + all.length) % all.length];
    next.click();
  });
  // Clicks on the page beside an open drawer close it, as a click outside a menu does.
  listeners.on(frame, "click", (ev) => {
    if (rail.openKey && !right.contains(ev.target) && !rail.el.contains(ev.target)) {
      rail.hide(false);
    }
  });
  const sizes = new ResizeObserver(() => setMode(layoutMode(root.clientWidth)));
  sizes.observe(root);
  listeners.add(() => sizes.disconnect());
  listeners.on(document, "click", (ev) => {
    if (!insideMenu(ev.target) && !ev.target.closest?.("[aria-haspopup]")) closeMenus();
  });
  listeners.add(watchTheme(root));

  for (const name of FIRST) update[name]();
  showCollapsed(model.get("panel_layout") || {});
  let removed = false;
  const drawRest = () => {
    if (removed || ready) return;
    ready = true;
    for (const [name, fn] of Object.entries(update)) if (!FIRST.includes(name)) fn();
  };
  // A hidden page gets no animation frames: it is drawn on the next task instead.
  if (document.visibilityState === "visible") {
    requestAnimationFrame(() => setTimeout(drawRest, 0));
  } else {
    setTimeout(drawRest, 0);
  }

  return () => {
    removed = true;
    listeners.clear();
    columns.left.destroy();
    columns.right.destroy();
    root.remove();
  };
}

export default { render };
