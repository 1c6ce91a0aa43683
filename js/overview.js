// The Overview tab: data highlights, stage tracker, recent activities, association tables.
import { h, clear } from "./dom.js";
import { renderBlocks } from "./blocks.js";
import { activityItem } from "./timeline.js";

/** Redraw the overview from its payload. */
export function renderOverview(el, data, ctx) {
  clear(el);
  if (!data) return;
  if (data.error) {
    el.appendChild(renderBlocks({ blocks: [{ type: "error",
      title: "Couldn't load the overview", reason: data.error }] }, ctx)[0]);
    return;
  }
  const card = (title, ...children) => h("section", { class: "crmw-panel" },
    h("h3", { class: "crmw-panel-title" }, title), children);
  if (data.stats && data.stats.length) {
    el.appendChild(card("Data highlights",
      renderBlocks({ blocks: [{ type: "stats", items: data.stats }] }, ctx)));
  }
  if (data.stage) el.appendChild(card("Stage", stageTracker(data.stage)));
  const recent = data.recent || [];
  const more = h("button", { type: "button", class: "crmw-link" }, "View all activities");
  more.addEventListener("click", () => ctx.setTrait("active_tab", "activities"));
  el.appendChild(card("Recent activities", recent.length
    ? h("ol", { class: "crmw-items" }, recent.map((i) => h("li", {},
      activityItem(i, false, ctx))))
    : h("p", { class: "crmw-muted" }, "No activities yet"), more));
  for (const t of data.tables || []) {
    el.appendChild(card(`${t.title} (${t.count})`, t.rows.length
      ? renderBlocks({ blocks: [{ type: "table", ...t }] }, ctx)
      : h("p", { class: "crmw-muted" }, t.empty || "None yet")));
  }
}

function stageTracker(stage) {
  const bar = h("div", { class: "crmw-stagebar", role: "img",
    "aria-label": `Stage ${stage.current_index + 1} of ${stage.stages.length}: ` +
      stage.label }, stage.stages.map((s, i) => h("span", {
    class: "crmw-stage-seg" + (i <= stage.current_index ? " is-done" : "") +
      (stage.lost ? " is-lost" : ""), title: s.label })));
  return h("div", { class: "crmw-stage" }, bar, h("div", { class: "crmw-stage-label" },
    h("strong", {}, stage.label),
    stage.probability === null || stage.probability === undefined ? ""
      : ` · ${Math.round(stage.probability * 100)}%`));
}
