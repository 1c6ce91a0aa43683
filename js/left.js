// Left sidebar: record header, Actions menu, logging buttons and composer, About card.
import { h, icon, clear } from "./dom.js";
import { openMenuAt } from "./menu.js";
import { tag, initials, statusTag } from "./blocks.js";
import { formatValue } from "./format.js";

/** The activity types the logging buttons offer, with their captions. */
export const LOG_TYPES = [
  ["note", "Note"], ["email", "Email"], ["call", "Call"], ["task", "Task"],
  ["meeting", "Meeting"],
];

/** Render the header payload into `el`. */
export function renderHeader(el, header, ctx) {
  clear(el);
  if (!header || !header.name) return;
  const actions = h("button", { type: "button", class: "crmw-btn is-sm",
    "aria-haspopup": "menu", "aria-expanded": "false" }, "Actions ▾");
  actions.addEventListener("click", () => openMenuAt(actions, actionItems(header, ctx),
    ctx.root));
  const avatar = h("div", { class: `crmw-avatar is-lg${header.shape === "square"
    ? " is-square" : ""}`, "aria-hidden": "true" }, initials(header.name));
  const pencil = h("button", { type: "button", class: "crmw-icon-btn crmw-pencil",
    "aria-label": "Edit name" }, icon("pencil"));
  pencil.addEventListener("click", () => {
    const field = header.name_property;
    if (field) ctx.editRow?.(field);
  });
  const lines = (header.lines || []).map((l) => {
    const line = h("div", { class: "crmw-header-line" },
      l.format ? formatValue(l, ctx.model) : l.text);
    if (l.copy) {
      const copy = h("button", { type: "button", class: "crmw-icon-btn is-xs",
        "aria-label": "Copy email", title: "Copy email" }, icon("copy", 14));
      copy.addEventListener("click", () => {
        navigator.clipboard?.writeText(l.text).then(() => ctx.announce("Email copied"),
          () => ctx.announce("Copy failed"));
      });
      line.appendChild(copy);
    }
    return line;
  });
  const buttons = LOG_TYPES.map(([kind, label]) => {
    const b = h("button", { type: "button", class: `crmw-log-btn is-${kind}`,
      "aria-label": `Log a ${label.toLowerCase()}`, "data-log": kind },
    h("span", { class: "crmw-log-circle" }, icon(kind)),
    h("span", { class: "crmw-log-caption" }, label));
    b.addEventListener("click", () => ctx.openComposer(kind));
    return b;
  });
  el.append(
    h("div", { class: "crmw-topbar" }, h("span", { class: "crmw-object-label" },
      header.object_label), actions),
    avatar,
    h("div", { class: "crmw-name-row" }, h("h2", { class: "crmw-name" }, header.name),
      pencil),
    h("div", { class: "crmw-header-lines" }, lines),
    h("div", { class: "crmw-tags" }, (header.tags || []).map((t) => (t.status
      ? statusTag(t) : tag(t))),
    header.archived ? tag({ text: "Deleted", variant: "danger" }) : null),
    h("div", { class: "crmw-log-row" }, buttons),
    h("div", { class: "crmw-composer-slot" }),
  );
}

/** The items of the header's Actions menu. */
export function actionItems(header, ctx) {
  return [
    { label: header.following ? "Unfollow" : "Follow",
      onSelect: () => ctx.send({ kind: "follow", follow: !header.following }) },
    { label: "View all properties", onSelect: () => ctx.send({ kind: "view_properties" }) },
    { label: "View property history",
      onSelect: () => ctx.send({ kind: "view_property_history" }) },
    { separator: true },
    { label: "Merge…", onSelect: () => ctx.prompt("Merge another record into this one",
      "Record id to merge", (v) => ctx.send({ kind: "merge", other_id: v })) },
    { label: "Clone", onSelect: () => ctx.send({ kind: "clone" }) },
    header.archived
      ? { label: "Restore", onSelect: () => ctx.send({ kind: "restore" }) }
      : { label: "Delete", danger: true, onSelect: () => ctx.prompt(
        `Delete this ${header.object_label.toLowerCase()}? Type DELETE to confirm`,
        "DELETE", (v) => v === "DELETE" && ctx.send({ kind: "delete" })) },
  ];
}

/** The composer for one activity type, inserted under the logging buttons. */
export function composer(kind, ctx, onClose) {
  const needsTitle = kind !== "note";
  const needsWhen = kind === "task" || kind === "meeting";
  const title = needsTitle ? h("input", { class: "crmw-input", "aria-label": "Title",
    placeholder: kind === "email" ? "Subject" : "Title" }) : null;
  const when = needsWhen ? h("input", { class: "crmw-input", type: "datetime-local",
    "aria-label": kind === "task" ? "Due date" : "Start time" }) : null;
  const body = h("textarea", { class: "crmw-input crmw-textarea", rows: "4",
    "aria-label": "Body", placeholder: `Log a ${kind}…` });
  const save = h("button", { type: "button", class: "crmw-btn is-primary" }, "Save");
  const cancel = h("button", { type: "button", class: "crmw-btn" }, "Cancel");
  const form = h("div", { class: "crmw-composer", role: "group",
    "aria-label": `Log a ${kind}` }, title, when, body,
  h("div", { class: "crmw-buttons" }, save, cancel));
  cancel.addEventListener("click", onClose);
  save.addEventListener("click", () => {
    save.disabled = true;
    ctx.send({ kind: "log_activity", activity_type: kind, body: body.value,
      title: title ? title.value : null,
      when: when && when.value ? new Date(when.value).toISOString() : null })
      .then((r) => { save.disabled = false; if (r.ok) onClose(); });
  });
  queueMicrotask(() => (title || body).focus());
  return form;
}

/**
 * The About card body: label above value; click a value to edit it in place.
 * @returns {HTMLElement}
 */
export function aboutBody(about, ctx) {
  const rows = (about && about.rows) || [];
  const list = h("dl", { class: "crmw-about" });
  for (const r of rows) {
    const shown = formatValue(r, ctx.model);
    const val = r.editable
      ? h("button", { type: "button", class: "crmw-value is-editable",
        "data-property": r.name, "aria-label": `Edit ${r.label}: ${shown}` }, shown)
      : h("span", { class: "crmw-value" }, shown);
    const dd = h("dd", {}, val);
    if (r.editable) val.addEventListener("click", () => editInPlace(dd, r, ctx));
    list.appendChild(h("div", { class: "crmw-about-row" }, h("dt", {}, r.label), dd));
  }
  const all = h("button", { type: "button", class: "crmw-link" }, "View all properties");
  all.addEventListener("click", () => ctx.send({ kind: "view_properties" }));
  const hist = h("button", { type: "button", class: "crmw-link" },
    "View property history");
  hist.addEventListener("click", () => ctx.send({ kind: "view_property_history" }));
  return h("div", {}, list, h("div", { class: "crmw-card-foot" }, all, hist));
}

function editInPlace(dd, row, ctx) {
  const old = [...dd.childNodes];
  const input = row.options
    ? h("select", { class: "crmw-input", "aria-label": row.label },
      h("option", { value: "" }, "—"),
      row.options.map((o) => h("option", { value: o.value,
        selected: o.value === row.raw ? true : null }, o.label)))
    : h("input", { class: "crmw-input", "aria-label": row.label,
      value: row.raw ?? "" });
  const save = h("button", { type: "button", class: "crmw-btn is-primary is-sm" }, "Save");
  const cancel = h("button", { type: "button", class: "crmw-btn is-sm" }, "Cancel");
  const restore = () => { clear(dd); old.forEach((n) => dd.appendChild(n)); };
  const commit = () => {
    save.disabled = true;
    ctx.send({ kind: "edit_property", name: row.name, value: input.value })
      .then((r) => { if (!r.ok) { save.disabled = false; } else restore(); });
  };
  save.addEventListener("click", commit);
  cancel.addEventListener("click", restore);
  input.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") commit();
    if (ev.key === "Escape") restore();
  });
  clear(dd);
  dd.append(input, h("div", { class: "crmw-buttons" }, save, cancel));
  input.focus();
}
