// Card bodies built from Python payload blocks: stats, rows, tiles, lists, tables.
import { h, icon } from "./dom.js";
import { formatValue, absoluteTime } from "./format.js";

/** A Tag (variant: neutral, info, success, warning, danger). */
export function tag(t) {
  return h("span", { class: `crmw-tag is-${t.variant || "neutral"}` }, t.text);
}

/** A StatusTag: a dot (hollow when not started) and text. */
export function statusTag(t) {
  return h("span", { class: `crmw-status is-${t.variant || "neutral"}` +
    (t.hollow ? " is-hollow" : "") }, h("span", { class: "crmw-dot" }), t.text);
}

function tags(list) {
  if (!list || !list.length) return null;
  const shown = list.slice(0, 2).map((t) => (t.status ? statusTag(t) : tag(t)));
  if (list.length > 2) shown.push(tag({ text: `+${list.length - 2}` }));
  return h("span", { class: "crmw-tags" }, shown);
}

export function initials(name) {
  const parts = String(name || "?").trim().split(/\s+/).filter(Boolean);
  const first = parts[0] ? parts[0][0] : "?";
  const last = parts.length > 1 ? parts[parts.length - 1][0] : "";
  return (first + last).toUpperCase();
}

function value(item, ctx) {
  const text = formatValue(item, ctx.model);
  const el = h("span", { class: "crmw-num" }, text);
  if (item.format === "datetime" && item.value) el.title = absoluteTime(item.value, ctx.model);
  return el;
}

const RENDER = {
  stats(block, ctx) {
    return h("div", { class: "crmw-stats" }, block.items.map((s) => {
      const full = formatValue(s, ctx.model);
      // Words and dates are not figures: a smaller size, one line, full text on hover.
      const figure = ["money", "number", "percent", "duration"].includes(s.format);
      return h("div", { class: "crmw-stat" },
        h("div", { class: "crmw-stat-label", title: s.label }, s.label),
        h("div", { class: "crmw-stat-value" + (figure ? "" : " is-text"), title: full,
          "aria-label": `${s.label}: ${full}` }, formatValue(s, ctx.model, true)));
    }));
  },
  rows(block, ctx) {
    return h("dl", { class: "crmw-rows" }, block.items.map((r) => h("div", {
      class: "crmw-row" }, h("dt", {}, r.label),
    h("dd", {}, r.tag ? tag(r.tag) : value(r, ctx)))));
  },
  tiles(block, ctx) {
    return h("ul", { class: "crmw-tiles" }, block.items.map((t) => h("li", {
      class: "crmw-tile" },
    h("span", { class: `crmw-avatar is-sm${t.square ? " is-square" : ""}`,
      "aria-hidden": "true" }, initials(t.title)),
    h("div", { class: "crmw-tile-main" },
      h("div", { class: "crmw-tile-title", title: t.title }, t.title),
      tags(t.tags),
      (t.lines || []).map((l) => h("div", { class: "crmw-tile-line" },
        typeof l === "string" ? l : formatValue(l, ctx.model)))))));
  },
  list(block, ctx) {
    return h("ul", { class: "crmw-list" }, block.items.map((i) => h("li", {},
      h("div", { class: "crmw-list-title" }, i.title, tags(i.tags)),
      i.meta ? h("div", { class: "crmw-list-meta" },
        typeof i.meta === "string" ? i.meta : formatValue(i.meta, ctx.model)) : null,
      i.steps ? h("ol", { class: "crmw-steps" }, i.steps.map((s) => h("li", {}, s)))
        : null)));
  },
  table(block, ctx) {
    const align = block.align || [];
    return h("div", { class: "crmw-table-wrap" }, h("table", { class: "crmw-table" },
      h("thead", {}, h("tr", {}, block.columns.map((c, i) => h("th", {
        class: align[i] === "right" ? "is-num" : null }, c)))),
      h("tbody", {}, block.rows.map((row) => h("tr", {}, row.map((cell, i) => h("td", {
        class: align[i] === "right" ? "is-num" : null },
      cell && typeof cell === "object"
        ? (cell.tag ? tag(cell.tag) : formatValue(cell, ctx.model))
        : (cell ?? "—"))))))));
  },
  text(block) {
    return h("p", { class: "crmw-muted" }, block.text);
  },
  buttons(block, ctx) {
    return h("div", { class: "crmw-buttons" }, block.items.map((b) => {
      const btn = h("button", { type: "button", class: b.primary ? "crmw-btn is-primary"
        : "crmw-btn", "data-intent": b.kind }, b.label);
      btn.addEventListener("click", () => ctx.send({ kind: b.kind, ...(b.args || {}) }));
      return btn;
    }));
  },
  select(block, ctx) {
    const sel = h("select", { class: "crmw-select", "aria-label": block.label },
      block.options.map((o) => h("option", { value: o.value,
        selected: o.value === block.value ? true : null }, o.label)));
    sel.addEventListener("change", () => ctx.setTrait(block.trait, sel.value));
    return h("label", { class: "crmw-field" }, h("span", {}, block.label), sel);
  },
  error(block, ctx) {
    const details = h("pre", { class: "crmw-error-details", hidden: true },
      block.detail || "");
    const show = h("button", { type: "button", class: "crmw-link" }, "Show details");
    show.addEventListener("click", () => { details.hidden = !details.hidden; });
    const retry = h("button", { type: "button", class: "crmw-link" }, "Retry");
    retry.addEventListener("click", () => ctx.send({ kind: "refresh" }));
    return h("div", { class: "crmw-alert", role: "alert" },
      h("strong", {}, block.title), block.reason ? h("div", {}, block.reason) : null,
      h("div", { class: "crmw-alert-actions" }, retry, block.detail ? show : null),
      details);
  },
};

/**
 * Render a card payload's blocks; an empty card shows its one-line empty text.
 * @param {{blocks?: Array<object>, empty?: string}} payload
 */
export function renderBlocks(payload, ctx) {
  const blocks = (payload && payload.blocks) || [];
  if (!blocks.length) {
    return [h("p", { class: "crmw-muted" }, (payload && payload.empty) || "Nothing here yet")];
  }
  return blocks.map((b) => (RENDER[b.type] ? RENDER[b.type](b, ctx)
    : h("p", { class: "crmw-muted" }, `Unknown block ${b.type}`)));
}

export { icon };
