// Numbers and dates for people: relative times, money, months (visual guide section 9).

const DAY = 86400000;

function locale(model) {
  return (model && model.get("locale")) || undefined;
}

/** Parse an ISO timestamp from Python (UTC, maybe without a zone) into a Date. */
export function parseTime(iso) {
  if (!iso) return null;
  const s = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + "Z";
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "12 min ago", "Yesterday", "in 2 hours"; a date from 7 days on. */
export function relativeTime(iso, model, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return "—";
  const diff = d.getTime() - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(locale(model), { numeric: "auto" });
  if (abs < 60000) return "just now";
  if (abs < 3600000) return rtf.format(Math.round(diff / 60000), "minute");
  if (abs < DAY) return rtf.format(Math.round(diff / 3600000), "hour");
  if (abs < 7 * DAY) return rtf.format(Math.round(diff / DAY), "day");
  return shortDate(iso, model, now);
}

/** "12 Mar", with the year only when it is not the current one. */
export function shortDate(iso, model, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return "—";
  const sameYear = d.getFullYear() === new Date(now).getFullYear();
  const opts = sameYear
    ? { day: "numeric", month: "short" }
    : { day: "numeric", month: "short", year: "numeric" };
  return new Intl.DateTimeFormat(locale(model), opts).format(d);
}

/** "30 Apr 2026": a date property (close date, create date...). */
export function fullDate(iso, model) {
  const d = parseTime(iso);
  if (!d) return "—";
  return new Intl.DateTimeFormat(locale(model), { day: "numeric", month: "short",
    year: "numeric", timeZone: "UTC" }).format(d);
}

/** Weekday, date, time and zone: for tooltips and expanded items. */
export function absoluteTime(iso, model) {
  const d = parseTime(iso);
  if (!d) return "—";
  return new Intl.DateTimeFormat(locale(model), {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  }).format(d);
}

/** "March 2024", the header of a month group. */
export function monthLabel(iso, model) {
  const d = parseTime(iso);
  if (!d) return "";
  return new Intl.DateTimeFormat(locale(model), { month: "long", year: "numeric" })
    .format(d);
}

/** Money in the record's currency, full or compact. */
export function money(value, currency, model, compact = false) {
  const n = Number(value);
  if (value === null || value === undefined || value === "" || Number.isNaN(n)) {
    return "—";
  }
  const opts = { style: "currency", currency: currency || "USD" };
  if (compact) Object.assign(opts, { notation: "compact", maximumFractionDigits: 1 });
  return new Intl.NumberFormat(locale(model), opts).format(n);
}

/** "12 min", "1 h 05 min" from milliseconds. */
export function duration(ms) {
  const min = Math.round(Number(ms) / 60000);
  if (!ms || Number.isNaN(min)) return "—";
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, "0")} min`;
}

/**
 * Format one value from a payload by its declared kind.
 * @param {{value:any, format?:string, currency?:string}} item
 */
export function formatValue(item, model, compact = false) {
  const v = item.value;
  if (v === null || v === undefined || v === "") return "—";
  switch (item.format) {
    case "money": return money(v, item.currency, model, compact);
    case "datetime": return relativeTime(v, model);
    case "date": return fullDate(v, model);
    case "absolute": return absoluteTime(v, model);
    case "percent": return `${Math.round(Number(v))}%`;
    case "number": return new Intl.NumberFormat(locale(model)).format(Number(v));
    case "duration": return duration(v);
    default: return String(v);
  }
}
