"""Marketing interactions before contact creation, deal creation and closed-won.

Every contact's path starts at its first visit (on its original source channel) and
ends at creation with a form submission; deal contacts keep interacting until the
deal is created and, for won deals, until it closes. Lists and workflows follow.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .portal import CONTACT_CHUNK, DAY, Portal, pick, stamp
from .vocab import (
    CAMPAIGNS,
    CHANNEL_WEIGHTS,
    CHANNELS,
    FORMS,
    LISTS,
    MARKETING_EMAILS,
    PAGES,
    WORKFLOWS,
)

_CAMPAIGN_CHANNELS = ("PAID_SEARCH", "EMAIL_MARKETING", "PAID_SOCIAL", "SOCIAL_MEDIA")


def _path(rng: np.random.Generator, who: np.ndarray, start: np.ndarray,
          end: np.ndarray, extra: np.ndarray, kinds: tuple, weights: list,
          closing: str) -> pd.DataFrame:
    """Per person: ``extra`` touches between start and end, then one at ``end``."""
    count = extra + 1
    person = np.repeat(np.arange(who.shape[0]), count)
    step = np.arange(person.shape[0]) - np.repeat(np.cumsum(count) - count, count)
    last = step == count[person] - 1
    span = np.maximum(end - start, 0)[person]
    when = start[person] + (rng.random(person.shape[0]) * span).astype(np.int64)
    when = np.where(last, end[person], np.where(step == 0, start[person], when))
    kind = np.where(last, closing, pick(rng, kinds, person.shape[0], weights))
    return pd.DataFrame({"contact": who[person], "when": when, "kind": kind,
                         "first": step == 0})


def interactions_chunk(portal: Portal, pos: np.ndarray, part: int) -> pd.DataFrame:
    """Interactions of the contacts at ``pos`` and of their deals (no ids yet)."""
    a = portal.arrays
    rng = portal.rng("marketing", part)
    n = pos.shape[0]
    pre = _path(rng, pos, a["contact_first_seen"][pos], a["contact_created"][pos],
                1 + rng.poisson(1.0, n), ("PAGE_VIEW", "EMAIL_CLICK", "AD_CLICK"),
                [6, 2, 2], "FORM_SUBMISSION")
    source = a["contact_source"][pre["contact"].to_numpy()]
    channel = pick(rng, CHANNELS, len(pre), list(CHANNEL_WEIGHTS))
    pre["channel"] = np.where(pre["first"], np.asarray(CHANNELS, dtype=object)[source],
                              channel)

    in_chunk = np.isin(a["deal_contact_contact"], pos)
    contact = a["deal_contact_contact"][in_chunk]
    deal = a["deal_contact_deal"][in_chunk]
    created = a["deal_created"][deal]
    # a deal opened before its contact was added gets its touches after that
    created = np.maximum(created, a["contact_created"][contact])
    created = np.maximum(created, a["contact_created"][contact] + 3_600)
    mid = _path(rng, contact, a["contact_created"][contact] + 60,
                created, rng.poisson(2, contact.shape[0]),
                ("EMAIL_CLICK", "PAGE_VIEW", "AD_CLICK"), [4, 4, 1], "MEETING_BOOKED")
    won = a["deal_stage"][deal] == 5
    late = _path(rng, contact[won], created[won],
                 np.maximum(a["deal_closedate"][deal[won]], created[won]),
                 rng.poisson(1.5, int(won.sum())),
                 ("EMAIL_CLICK", "PAGE_VIEW", "MEETING_BOOKED"), [3, 3, 1], "CALL")
    later = pd.concat([mid, late], ignore_index=True)
    later["channel"] = pick(rng, CHANNELS, len(later), list(CHANNEL_WEIGHTS))
    later.loc[later["kind"] == "CALL", "channel"] = "OFFLINE"

    frame = pd.concat([pre, later], ignore_index=True)
    frame = frame.sort_values(["contact", "when", "kind"], kind="stable",
                              ignore_index=True)
    m = len(frame)
    kind = frame["kind"].to_numpy()
    asset = np.where(kind == "FORM_SUBMISSION", pick(rng, FORMS, m),
                     np.where(kind == "EMAIL_CLICK", pick(rng, MARKETING_EMAILS, m),
                              pick(rng, PAGES, m)))
    with_campaign = np.isin(frame["channel"].to_numpy(), _CAMPAIGN_CHANNELS)
    return pd.DataFrame({
        "contact_id": portal.ids("contacts", frame["contact"].to_numpy()),
        "occurred_at": stamp(np.minimum(frame["when"].to_numpy(), portal.now_s)),
        "channel": frame["channel"].to_numpy(), "interaction_type": kind,
        "campaign": np.where(with_campaign, pick(rng, CAMPAIGNS, m), None),
        "asset": asset,
        "is_logged_call": (kind == "CALL") & (rng.random(m) < 0.5)})


def write_interactions(portal: Portal) -> None:
    """Write every contact's interactions, ``CONTACT_CHUNK`` contacts at a time."""
    n = portal.counts["contacts"]
    next_id = 1
    for part, begin in enumerate(range(0, n, CONTACT_CHUNK)):
        pos = np.arange(begin, min(n, begin + CONTACT_CHUNK))
        frame = interactions_chunk(portal, pos, part)
        frame.insert(0, "id", next_id + np.arange(len(frame)))
        next_id += len(frame)
        portal.insert("marketing_interactions", frame)


def write_lists_and_workflows(portal: Portal) -> None:
    """Contact lists and workflows, with memberships and enrolments by share."""
    a = portal.arrays
    n = portal.counts["contacts"]
    rng = portal.rng("lists")
    created = portal.start_s + rng.integers(0, 300, len(LISTS)) * DAY
    portal.insert("lists", pd.DataFrame({
        "id": np.arange(1, len(LISTS) + 1), "name": [x[0] for x in LISTS],
        "object_type": "contacts", "list_type": [x[1] for x in LISTS],
        "created_at": stamp(created)}))
    portal.insert("workflows", pd.DataFrame({
        "id": np.arange(1, len(WORKFLOWS) + 1), "name": [w[0] for w in WORKFLOWS],
        "object_type": "contacts", "enabled": [w[1] for w in WORKFLOWS]}))
    ids = portal.ids("contacts")
    for number, (_, _, share) in enumerate(LISTS, start=1):
        member = np.flatnonzero(rng.random(n) < share)
        since = np.maximum(a["contact_created"][member], created[number - 1])
        portal.insert("list_memberships", pd.DataFrame({
            "list_id": number, "object_type": "contacts", "record_id": ids[member],
            "added_at": stamp(np.minimum(since + DAY, portal.now_s))}))
    for number, (_, _, share) in enumerate(WORKFLOWS, start=1):
        member = np.flatnonzero(rng.random(n) < share)
        portal.insert("workflow_enrollments", pd.DataFrame({
            "workflow_id": number, "object_type": "contacts",
            "record_id": ids[member],
            "enrolled_at": stamp(np.minimum(a["contact_created"][member] + 2 * DAY,
                                            portal.now_s)),
            "status": pick(rng, ("ACTIVE", "COMPLETED", "UNENROLLED"),
                           member.shape[0], [3, 5, 1])}))
