// Numbers and dates for people: relative times, money, months (visual guide section 9).

const DAY = 86400000;
const HOUR = 3600000;
const MINUTE = 60000;

function locale(model) {
  return (model && model.get("locale")) || undefined;
}

const knownZones = new Map();

/**
 * The portal's time zone (the time_zone trait), or undefined for the browser's.
 * A name the browser does not know falls back to the browser's zone too.
 */
export function timeZone(model) {
  const name = (model && model.get("time_zone")) || undefined;
  if (!name) return undefined;
  if (!knownZones.has(name)) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: name });
      knownZones.set(name, true);
    } catch {
      knownZones.set(name, false);
    }
  }
  return knownZones.get(name) ? name : undefined;
}

function dateFormat(model, opts) {
  return new Intl.DateTimeFormat(locale(model), { ...opts, timeZone: timeZone(model) });
}

/** Parse an ISO timestamp from Python (UTC, maybe without a zone) into a Date. */
export function parseTime(iso) {
  if (!iso) return null;
  const s = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : iso + "Z";
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Year, month, day of a moment in the portal's zone, as one day number. */
function calendarDay(d, model) {
  const parts = {};
  for (const p of new Intl.DateTimeFormat("en", { year: "numeric", month: "numeric",
    day: "numeric", timeZone: timeZone(model) }).formatToParts(d)) {
    parts[p.type] = Number(p.value);
  }
  return { year: parts.year, day: Date.UTC(parts.year, parts.month - 1, parts.day) / DAY };
}

function capitalised(text, model) {
  return text.charAt(0).toLocaleUpperCase(locale(model)) + text.slice(1);
}

/** "09:00" (or "09:00 AM"): the time of day in the portal's zone. */
function clock(d, model) {
  return dateFormat(model, { hour: "2-digit", minute: "2-digit" }).format(d);
}

/**
 * "just now", "12 min ago", "in 2 hours", "Yesterday", "Tomorrow 09:00",
 * "3 days ago"; from 7 calendar days on a date ("12 Mar"). Days are counted in the
 * portal's zone: 23:00 yesterday is "Yesterday" at 01:00 today.
 */
export function relativeTime(iso, model, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return "—";
  const diff = d.getTime() - now;
  const abs = Math.abs(diff);
  const loc = locale(model);
  const rtf = new Intl.RelativeTimeFormat(loc, { numeric: "auto" });
  if (abs < MINUTE) {
    const english = (loc || navigator.language || "en").toLowerCase().startsWith("en");
    return english ? "just now" : capitalised(rtf.format(0, "second"), model);
  }
  if (abs < HOUR) {
    return new Intl.RelativeTimeFormat(loc, { numeric: "auto", style: "short" })
      .format(Math.round(diff / MINUTE), "minute");
  }
  const days = calendarDay(d, model).day - calendarDay(new Date(now), model).day;
  if (days === 0) return rtf.format(Math.round(diff / HOUR), "hour");
  if (days === -1) return capitalised(rtf.format(-1, "day"), model);
  if (days === 1) return `${capitalised(rtf.format(1, "day"), model)} ${clock(d, model)}`;
  if (Math.abs(days) < 7) return rtf.format(days, "day");
  return shortDate(iso, model, now);
}

/** "12 Mar", with the year only when it is not the current one (portal's zone). */
export function shortDate(iso, model, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return "—";
  const sameYear = calendarDay(d, model).year === calendarDay(new Date(now), model).year;
  const opts = sameYear
    ? { day: "numeric", month: "short" }
    : { day: "numeric", month: "short", year: "numeric" };
  return dateFormat(model, opts).format(d);
}

/** "Tue 12 Mar, 09:00": a due date or meeting time, absolute, year if not this one. */
export function dateTime(iso, model, now = Date.now()) {
  const d = parseTime(iso);
  if (!d) return "—";
  const sameYear = calendarDay(d, model).year === calendarDay(new Date(now), model).year;
  return dateFormat(model, { weekday: "short", day: "numeric", month: "short",
    year: sameYear ? undefined : "numeric", hour: "2-digit", minute: "2-digit" })
    .format(d);
}

/** "30 Apr 2026": a date property (close date, create date...), stored as UTC midnight. */
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
  return dateFormat(model, {
    weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  }).format(d);
}

/** "March 2024", the header of a month group. */
export function monthLabel(iso, model) {
  const d = parseTime(iso);
  if (!d) return "";
  return dateFormat(model, { month: "long", year: "numeric" }).format(d);
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
