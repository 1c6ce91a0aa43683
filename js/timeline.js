// The Activities tab: upcoming and month groups of items, and paging (its toolbar
// is in timeline_filters.js).
import { h, icon, clear, srOnly } from "./dom.js";
import { openMenuAt } from "./menu.js";
import { EMPTY_FILTER, TimelineFilters, latestRequest } from "./timeline_filters.js";
import { tag, statusTag } from "./blocks.js";
import { safeFragment } from "./sanitize.js";
import { relativeTime, absoluteTime, dateTime, monthLabel, formatValue }
  from "./format.js";

export class Timeline {
  constructor(ctx) {
    this.ctx = ctx;
    this.items = [];
    this.list = h("div", { class: "crmw-timeline", "aria-live": "polite" });
    this.footer = h("div", { class: "crmw-timeline-foot" });
    this.el = h("div", { class: "crmw-activities" });
    this.filters = new TimelineFilters(ctx, this.el, () => this.items);
    this.el.append(this.filters.toolbar, this.filters.chips, this.list, this.footer);
    this.data = null;
    // Comments and records of expanded items, fetched when an item opens.
    this.details = new Map();
    this.asking = new Set();
    ctx.activityDetails = (id) => this.detailsFor(id);
    ctx.reloadDetails = (id) => { this.details.delete(id); this.detailsFor(id); };
  }

  /** The cached details of one item, or null while they are being fetched. */
  detailsFor(id) {
    if (this.details.has(id)) return this.details.get(id);
    if (this.asking.has(id)) return null;
    this.asking.add(id);
    this.ctx.send({ kind: "activity_details", activity_id: id }).then((r) => {
      this.asking.delete(id);
      if (!r.ok || !r.data) return;
      this.details.set(id, r.data);
      // Only the comments and the associations menu change: a comment being typed
      // in the same item stays as it is.
      for (const detail of this.ctx.root.querySelectorAll(
        `[data-activity="${Number(id)}"] .crmw-item-detail`)) {
        detail.showDetails?.(r.data);
      }
    });
    return null;
  }

  /** A new page arrived: replace (offset 0) or append. */
  update() {
    const data = this.ctx.model.get("timeline") || {};
    // A page answering an earlier choice that arrives after the user chose again
    // (a Load more can overtake a filter change the widget still holds back): it
    // is not what the toolbar shows, and the answer to the latest choice follows.
    if ((data.request ?? 0) < latestRequest(this.ctx.model)) return;
    this.data = data;
    this.el.removeAttribute("aria-busy");
    const page = data.items || [];
    this.items = data.offset ? this.items.concat(page) : page.slice();
    this.filters.render();
    this.renderList(data);
  }

  /** Redraw the list (an item opened or closed) from the last page drawn. */
  redraw() {
    this.renderList(this.data || {});
  }

  renderList(data) {
    clear(this.list);
    clear(this.footer);
    if (data.error) {
      this.list.appendChild(h("div", { class: "crmw-alert", role: "alert" },
        h("strong", {}, "Couldn't load activities"), h("div", {}, data.error)));
      return;
    }
    if (!this.items.length) {
      this.list.appendChild(this.empty());
      return;
    }
    const expanded = new Set(this.ctx.model.get("expanded") || []);
    const upcoming = this.items.filter((i) => i.upcoming);
    const past = this.items.filter((i) => !i.upcoming);
    if (upcoming.length) {
      this.list.appendChild(this.group(`Upcoming (${data.upcoming_count ??
        upcoming.length})`, upcoming, expanded));
    }
    let month = null;
    let bucket = [];
    const flush = () => {
      if (bucket.length) this.list.appendChild(this.group(month, bucket, expanded));
    };
    for (const item of past) {
      const m = monthLabel(item.occurred_at, this.ctx.model);
      if (m !== month) { flush(); month = m; bucket = []; }
      bucket.push(item);
    }
    flush();
    const total = data.total ?? this.items.length;
    const more = h("button", { type: "button", class: "crmw-link",
      "data-intent": "load_more" }, "Load more");
    more.addEventListener("click", () => {
      more.disabled = true;
      this.ctx.send({ kind: "load_more" });
    });
    this.footer.append(`Showing ${this.items.length} of ${total}`,
      ...(this.items.length < total ? [" · ", more] : []));
    this.ctx.announce(`${this.items.length} activities shown`);
  }

  empty() {
    const f = this.filters.filter();
    const filtered = f.search || f.tab !== "activity" || f.kinds.length || f.users.length ||
      f.teams.length;
    const button = h("button", { type: "button", class: "crmw-btn" },
      filtered ? "Clear filters" : "Log a note");
    button.addEventListener("click", () => (filtered
      ? this.filters.setFilter({ ...EMPTY_FILTER }) : this.ctx.openComposer("note")));
    return h("div", { class: "crmw-empty" }, icon(filtered ? "funnel" : "note", 40),
      h("div", { class: "crmw-empty-title" }, filtered
        ? "No activities match your filters" : "No activities yet"),
      h("p", { class: "crmw-muted" }, filtered
        ? "Try another type, person or search term." : "Log a note to start the timeline."),
      button);
  }

  group(title, items, expanded) {
    return h("section", { class: "crmw-group" },
      h("h3", { class: "crmw-group-head" }, title),
      h("ol", { class: "crmw-items" }, items.map((i) => h("li", {},
        activityItem(i, expanded.has(i.id), this.ctx)))));
  }
}

/**
 * One timeline card, collapsed or expanded.
 * @param {object} item the payload of one activity
 */
export function activityItem(item, isOpen, ctx) {
  const detailId = `crmw-act-${item.id}`;
  const card = h("article", { class: `crmw-item is-${item.type}` +
    (item.system ? " is-system" : ""), "data-activity": String(item.id) });
  const toggle = item.system ? h("span", { class: "crmw-item-spacer" })
    : h("button", { type: "button", class: "crmw-icon-btn crmw-item-toggle",
      "aria-expanded": String(isOpen), "aria-controls": detailId,
      "aria-label": isOpen ? "Collapse details" : "Expand details" },
    h("span", { class: "crmw-chevron" }, icon("chevron", 14)));
  if (!item.system) {
    toggle.addEventListener("click", () => {
      const now = new Set(ctx.model.get("expanded") || []);
      if (now.has(item.id)) now.delete(item.id);
      else now.add(item.id);
      ctx.setTrait("expanded", [...now]);
    });
  }
  const check = item.type === "task" ? h("input", { type: "checkbox",
    class: "crmw-task-check", checked: item.completed,
    "aria-label": item.completed ? "Mark as not completed" : "Mark as completed" })
    : null;
  if (check) {
    check.addEventListener("change", () => ctx.send({ kind: "complete_task",
      activity_id: item.id, completed: check.checked }));
  }
  // An open item shows its absolute date and time; a closed one how long ago.
  const time = h("time", { class: "crmw-time", datetime: item.occurred_at,
    title: absoluteTime(item.occurred_at, ctx.model) }, isOpen
    ? dateTime(item.occurred_at, ctx.model) : relativeTime(item.occurred_at, ctx.model));
  if (item.overdue) time.classList.add("is-danger");
  const comments = item.comment_count
    ? h("span", { class: "crmw-meta-icon", title: `${item.comment_count} comments` },
      icon("comment", 14), String(item.comment_count)) : null;
  const clip = item.attachment_count
    ? h("span", { class: "crmw-meta-icon", title: "Attachments" }, icon("clip", 14))
    : null;
  const line1 = h("div", { class: "crmw-item-line1" }, toggle,
    h("span", { class: "crmw-type-icon", "aria-hidden": "true" }, icon(item.system
      ? "system" : item.type, 14)),
    srOnly(`${item.type_label || item.type}: `), check,
    h("span", { class: "crmw-item-title" + (item.completed ? " is-done" : ""),
      title: item.title }, item.title || item.type_label || item.type),
    (item.tags || []).map((t) => (t.status ? statusTag(t) : tag(t))),
    comments, clip, h("span", { class: "crmw-spacer" }), time);
  // A task's due date is always absolute ("due Tue 12 Mar, 09:00").
  const due = item.type === "task"
    ? (item.fields || []).find((f) => f.label === "Due" && f.value) : null;
  const actor = [item.actor, due ? `due ${dateTime(due.value, ctx.model)}` : null]
    .filter(Boolean).join(" · ");
  card.append(...[line1,
    actor ? h("div", { class: "crmw-item-actor" }, actor) : null,
    !isOpen && item.preview ? h("div", { class: "crmw-item-preview" }, item.preview)
      : null].filter(Boolean));
  const detail = h("div", { class: "crmw-item-detail", id: detailId, hidden: !isOpen });
  if (isOpen) fillDetail(detail, item, ctx);
  card.appendChild(detail);
  return card;
}

function fillDetail(detail, item, ctx) {
  if (item.body_html) {
    detail.appendChild(h("div", { class: "crmw-body" }, safeFragment(item.body_html)));
  }
  if (item.fields && item.fields.length) {
    detail.appendChild(h("dl", { class: "crmw-fields" }, item.fields.map((f) => h("div",
      {}, h("dt", {}, f.label), h("dd", {}, formatValue(f, ctx.model))))));
  }
  const comments = h("ul", { class: "crmw-comments", "aria-label": "Comments" },
    h("li", { class: "crmw-muted" }, "Loading comments…"));
  const count = h("span", {}, `Comments (${item.comment_count || 0})`);
  const box = h("textarea", { class: "crmw-input crmw-textarea", rows: "2",
    "aria-label": "Comment", placeholder: "Add a comment…", hidden: true });
  const post = h("button", { type: "button", class: "crmw-btn is-primary is-sm",
    hidden: true }, "Save comment");
  const add = h("button", { type: "button", class: "crmw-link" }, "Add comment");
  add.addEventListener("click", () => { box.hidden = false; post.hidden = false;
    box.focus(); });
  post.addEventListener("click", () => {
    if (!box.value.trim()) return;
    post.disabled = true;
    ctx.send({ kind: "add_comment", activity_id: item.id, body: box.value })
      .then((r) => {
        post.disabled = false;
        if (r.ok) { box.value = ""; ctx.reloadDetails?.(item.id); }
      });
  });
  let records = [];
  const assocBtn = h("button", { type: "button", class: "crmw-link",
    "aria-haspopup": "menu", disabled: true },
  `${item.association_count || 0} associations ▾`);
  assocBtn.addEventListener("click", () => {
    const chosen = new Set(records.filter((a) => a.checked)
      .map((a) => `${a.object_type}:${a.id}`));
    openMenuAt(assocBtn, records.map((a) => ({
      label: `${a.name} (${a.object_label || a.object_type})`,
      checked: chosen.has(`${a.object_type}:${a.id}`), keepOpen: true,
      onSelect: () => {
        const k = `${a.object_type}:${a.id}`;
        if (chosen.has(k)) chosen.delete(k); else chosen.add(k);
        ctx.send({ kind: "set_activity_associations", activity_id: item.id,
          records: [...chosen].map((s) => {
            const [t, id] = s.split(":");
            return { object_type: t, id: Number(id) };
          }) }).then(() => ctx.reloadDetails?.(item.id));
      },
    })), ctx.root);
  });
  /** Draw the comments and associations that arrived for this item. */
  detail.showDetails = (known) => {
    clear(comments);
    for (const c of known.comments) {
      comments.appendChild(h("li", { class: "crmw-comment" },
        h("div", { class: "crmw-comment-head" },
          h("strong", {}, c.author || "Someone"), " · ",
          h("time", { datetime: c.created_at,
            title: absoluteTime(c.created_at, ctx.model) },
          relativeTime(c.created_at, ctx.model))),
        h("div", { class: "crmw-comment-body" }, c.body)));
    }
    count.textContent = `Comments (${known.comments.length})`;
    records = known.records;
    const ticked = records.filter((a) => a.checked).length;
    assocBtn.textContent = `${ticked} association${ticked === 1 ? "" : "s"} ▾`;
    assocBtn.disabled = false;
  };
  const known = ctx.activityDetails ? ctx.activityDetails(item.id) : null;
  if (known) detail.showDetails(known);
  detail.append(h("div", { class: "crmw-item-foot" },
    count, add,
    h("span", { class: "crmw-spacer" }), assocBtn), comments, box, post);
}
