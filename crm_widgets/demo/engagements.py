"""Notes, emails, calls, tasks and meetings: numpy picks the facts, DuckDB the text.

Each chunk is drawn as integer codes in numpy (who, when, which template), then one
INSERT ... SELECT joins the lookup tables to fill titles, bodies, search text and the
HubSpot properties JSON, so a million activities never become Python strings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..model import ENGAGEMENT_TYPES
from .lookups import template_ranges
from .portal import DAY, Portal, office_hours, pick, stamp, uniform_times
from .vocab import CALL_DISPOSITIONS, MEETING_LOCATIONS, PRODUCTS, TOPICS, WEEKDAYS

TYPE_WEIGHTS = (0.15, 0.35, 0.20, 0.15, 0.15)  # note, email, call, task, meeting
SHOWCASE_ITEMS = 1_300  # timeline items of the showcase company at scale 1
UPCOMING_SHARE = 0.08  # of tasks and meetings, due or starting after `now`
_ISO = "strftime({}, '%Y-%m-%dT%H:%M:%S.%gZ')"

# HubSpot property -> SQL expression over the filled row; NULLs are left out.
_PROPERTIES = {
    "hs_timestamp": _ISO.format("occurred_at"),
    "hs_createdate": _ISO.format("created_at"),
    "hs_lastmodifieddate": _ISO.format("updated_at"),
    "hubspot_owner_id": "owner_id::VARCHAR",
    "hs_attachment_ids": "attachment_ids",
    "hs_note_body": "CASE WHEN type = 'note' THEN body END",
    "hs_email_subject": "CASE WHEN type = 'email' THEN title END",
    "hs_email_html": "CASE WHEN type = 'email' THEN body END",
    "hs_email_direction": "email_direction",
    "hs_email_status": "email_status",
    "hs_email_from_email": "email_from",
    "hs_email_to_email": "email_to",
    "hs_call_title": "CASE WHEN type = 'call' THEN title END",
    "hs_call_body": "CASE WHEN type = 'call' THEN body END",
    "hs_call_direction": "call_direction",
    "hs_call_disposition": "call_disposition",
    "hs_call_duration": "call_duration_ms::VARCHAR",
    "hs_call_status": "call_status",
    "hs_meeting_title": "CASE WHEN type = 'meeting' THEN title END",
    "hs_meeting_body": "CASE WHEN type = 'meeting' THEN body END",
    "hs_meeting_location": "meeting_location",
    "hs_meeting_outcome": "meeting_outcome",
    "hs_meeting_start_time": _ISO.format("meeting_start"),
    "hs_meeting_end_time": _ISO.format("meeting_end"),
    "hs_task_subject": "CASE WHEN type = 'task' THEN title END",
    "hs_task_body": "CASE WHEN type = 'task' THEN body END",
    "hs_task_status": "task_status",
    "hs_task_priority": "task_priority",
    "hs_task_type": "task_type",
}
_COMMON = ("hs_timestamp", "hs_createdate", "hs_lastmodifieddate",
           "hubspot_owner_id")
_PREFIX = {"note": "hs_note_", "email": "hs_email_", "call": "hs_call_",
           "meeting": "hs_meeting_", "task": "hs_task_"}


def _json_object(keys) -> str:
    pairs = ", ".join(f"'{k}', {_PROPERTIES[k]}" for k in sorted(keys))
    return f"json_object({pairs})"


def _properties_sql() -> str:
    """One json_object per type (with and without attachments), keys sorted.

    Within a type every listed property is set, so no NULLs need filtering, which
    keeps this several times faster than building and filtering a map per row.
    """
    branches = []
    for kind, prefix in _PREFIX.items():
        keys = [*_COMMON, *(k for k in _PROPERTIES if k.startswith(prefix))]
        branches.append(f"WHEN type = '{kind}' AND attachment_ids IS NOT NULL "
                        f"THEN {_json_object([*keys, 'hs_attachment_ids'])}")
        branches.append(f"WHEN type = '{kind}' THEN {_json_object(keys)}")
    return "CASE " + " ".join(branches) + " END"


_INSERT = f"""
INSERT INTO activities BY NAME
WITH joined AS (
    SELECT c.* EXCLUDE (owner_pos), o.id AS owner_id,
        demo_fill(t.title, f.name, co.name, tp.name, p.name, o.name, d.name) AS title,
        demo_fill(t.body_html, f.name, co.name, tp.name, p.name, o.name, d.name)
            AS body,
        demo_fill(t.body_text, f.name, co.name, tp.name, p.name, o.name, d.name)
            AS body_text,
        CASE c.email_direction WHEN 'INCOMING_EMAIL' THEN ct.email ELSE o.email END
            AS email_from,
        CASE c.email_direction WHEN 'INCOMING_EMAIL' THEN o.email ELSE ct.email END
            AS email_to
    FROM demo_chunk c
    JOIN demo_templates t ON t.tmpl = c.tmpl
    JOIN demo_first f ON f.pos = c.first_pos
    JOIN demo_company co ON co.pos = c.company_pos
    JOIN demo_topic tp ON tp.pos = c.topic_pos
    JOIN demo_product p ON p.pos = c.product_pos
    JOIN demo_owner o ON o.pos = c.owner_pos
    JOIN demo_day d ON d.pos = c.day_pos
    JOIN demo_contact ct ON ct.pos = c.contact_pos
), texts AS (
    SELECT * REPLACE (
        CASE WHEN type = 'email' THEN email_from END AS email_from,
        CASE WHEN type = 'email' THEN email_to END AS email_to),
        lower(CASE type
            WHEN 'task' THEN concat_ws(' ', nullif(title, ''), nullif(body_text, ''))
            WHEN 'email' THEN title ELSE body_text END) AS search_text
    FROM joined
)
SELECT * EXCLUDE (tmpl, first_pos, company_pos, topic_pos, product_pos, day_pos,
                  contact_pos, body_text),
    {_properties_sql()} AS properties
FROM texts
"""


def engagement_weights(portal: Portal) -> np.ndarray:
    """How likely each contact is to be the subject of an engagement.

    Older contacts have more history; the showcase account's contacts get about
    ``portal.showcase_items`` engagements between them (SHOWCASE_ITEMS unless the
    build asks for more) so one company has a long timeline.
    """
    a = portal.arrays
    rng = portal.rng("engagement-weights")
    n = portal.counts["contacts"]
    age = (portal.now_s - np.maximum(a["contact_created"], portal.start_s)) / DAY
    weights = rng.lognormal(0, 0.8, n) * (age + 20)
    weights[a["contact_stage"] >= 4] *= 2.5  # opportunities and customers
    showcase = a["contact_company"] == 0
    share = min(0.25, portal.showcase_items / portal.counts["engagements"])
    if showcase.any() and not showcase.all():
        rest = weights[~showcase].sum()
        weights[showcase] *= share / (1 - share) * rest / weights[showcase].sum()
    return weights / weights.sum()


def engagement_chunk(portal: Portal, first_id: int, size: int, part: int,
                     weights: np.ndarray) -> pd.DataFrame:
    """``size`` engagements as codes and facts, ids from ``first_id``."""
    a = portal.arrays
    rng = portal.rng("engagements", part)
    contact = rng.choice(weights.shape[0], size=size, p=weights)
    code = rng.choice(len(ENGAGEMENT_TYPES), size=size, p=TYPE_WEIGHTS)
    kind = np.asarray(ENGAGEMENT_TYPES, dtype=object)[code]
    first_tmpl, n_tmpl = template_ranges()
    tmpl = first_tmpl[code] + (rng.random(size) * n_tmpl[code]).astype(np.int64)

    low = np.maximum(a["contact_created"][contact], portal.start_s)
    when = uniform_times(rng, low, np.full(size, portal.now_s))
    plannable = (kind == "task") | (kind == "meeting")
    upcoming = plannable & (rng.random(size) < UPCOMING_SHARE)
    when = np.where(upcoming, portal.now_s + (rng.random(size) * 45 * DAY).astype(
        np.int64), when)
    when = office_hours(when)
    future = when > portal.now_s
    created = np.where(future, when - rng.integers(1, 20, size) * DAY,
                       when + rng.integers(60, 3_600, size))
    created = np.minimum(created, portal.now_s)
    owner = np.where(rng.random(size) < 0.85, a["contact_owner"][contact],
                     rng.integers(0, len(a["owner_id"]), size))

    frame = pd.DataFrame({
        "id": first_id + np.arange(size, dtype=np.int64), "type": kind,
        "tmpl": tmpl, "contact_pos": contact,
        "first_pos": a["contact_first"][contact],
        "company_pos": a["contact_company"][contact],
        "topic_pos": rng.integers(0, len(TOPICS), size),
        "product_pos": rng.integers(0, len(PRODUCTS), size),
        "owner_pos": owner, "day_pos": rng.integers(0, len(WEEKDAYS), size),
        "occurred_at": stamp(when), "created_at": stamp(created),
        "updated_at": stamp(created), "archived": False,
    })
    _type_fields(frame, rng, kind, future)
    return frame


def _type_fields(frame: pd.DataFrame, rng: np.random.Generator, kind: np.ndarray,
                 future: np.ndarray) -> None:
    """Per-type columns: task status, call outcome, email direction, meeting times."""
    n = kind.shape[0]

    def only(mask: np.ndarray, values: np.ndarray) -> np.ndarray:
        return np.where(mask, values, None)

    task = kind == "task"
    past_status = pick(rng, ("COMPLETED", "NOT_STARTED", "IN_PROGRESS", "WAITING"),
                       n, [85, 9, 4, 2])  # the open ones in the past are overdue
    next_status = pick(rng, ("NOT_STARTED", "IN_PROGRESS", "WAITING"), n, [7, 2, 1])
    frame["task_status"] = only(task, np.where(future, next_status, past_status))
    frame["task_priority"] = only(task, pick(rng, ("LOW", "MEDIUM", "HIGH", "NONE"),
                                             n, [3, 4, 2, 1]))
    frame["task_type"] = only(task, pick(rng, ("TODO", "CALL", "EMAIL"), n,
                                         [4, 3, 3]))

    call = kind == "call"
    disposition = pick(rng, tuple(CALL_DISPOSITIONS), n, [55, 15, 5, 15, 7, 3])
    connected = disposition == next(iter(CALL_DISPOSITIONS))
    seconds = np.where(connected, rng.integers(120, 2_400, n),
                       rng.integers(5, 60, n))
    frame["call_direction"] = only(call, pick(rng, ("OUTBOUND", "INBOUND"), n,
                                              [3, 1]))
    frame["call_disposition"] = only(call, disposition)
    frame["call_duration_ms"] = pd.array(np.where(call, seconds * 1000, 0),
                                         dtype="Int64").astype("Int64")
    frame.loc[~call, "call_duration_ms"] = pd.NA
    frame["call_status"] = only(call, "COMPLETED")

    email = kind == "email"
    frame["email_direction"] = only(email, pick(rng, ("EMAIL", "INCOMING_EMAIL",
                                                      "FORWARDED_EMAIL"), n,
                                                [60, 36, 4]))
    frame["email_status"] = only(email, pick(rng, ("SENT", "BOUNCED"), n, [98, 2]))

    meeting = kind == "meeting"
    start = frame["occurred_at"].to_numpy()
    length = pick(rng, (30, 45, 60, 90), n, [4, 2, 3, 1]).astype(np.int64)
    frame["meeting_start"] = np.where(meeting, start, np.datetime64("NaT"))
    frame["meeting_end"] = np.where(
        meeting, start + length.astype("timedelta64[m]"), np.datetime64("NaT"))
    frame["meeting_location"] = only(meeting, pick(rng, MEETING_LOCATIONS, n))
    outcome = pick(rng, ("COMPLETED", "NO_SHOW", "CANCELED", "RESCHEDULED"), n,
                   [78, 7, 7, 8])
    frame["meeting_outcome"] = only(meeting, np.where(future, "SCHEDULED", outcome))


def insert_engagements(portal: Portal, frame: pd.DataFrame) -> None:
    """Fill the text of one chunk in SQL and append it to ``activities``."""
    portal.con.register("demo_chunk", frame)
    try:
        portal.con.execute(_INSERT)
    finally:
        portal.con.unregister("demo_chunk")
