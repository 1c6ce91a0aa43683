"""Contact properties: lifecycle stage from their deals, buying roles, merges."""

from __future__ import annotations

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from ..model import BUYING_ROLES
from .definitions import LIFECYCLE_STAGES
from .portal import CONTACT_CHUNK, DAY, ID_BASE, Portal, iso, pick
from .vocab import CHANNEL_WEIGHTS, CHANNELS

ROLES = tuple(BUYING_ROLES)
ROLE_WEIGHTS = {"DECISION_MAKER": 3, "CHAMPION": 3, "INFLUENCER": 3, "END_USER": 3,
                "BUDGET_HOLDER": 2}
MERGED_ID_OFFSET = 9_000_000  # ids of contacts merged away (no longer records)
_CUSTOMER, _OPPORTUNITY, _SQL = 5, 4, 3


def plan_lifecycle(portal: Portal) -> None:
    """Final lifecycle stage per contact (deals decide), and the stage it began at."""
    a = portal.arrays
    n = portal.counts["contacts"]
    rng = portal.rng("lifecycle")
    final = rng.choice(4, size=n, p=[0.15, 0.45, 0.25, 0.15])
    stage = a["deal_stage"][a["deal_contact_deal"]]
    who = a["deal_contact_contact"]
    for stages, value in (((6,), _SQL), ((0, 1, 2, 3, 4), _OPPORTUNITY),
                          ((5,), _CUSTOMER)):
        final[who[np.isin(stage, stages)]] = value
    evangelist = (final == _CUSTOMER) & (rng.random(n) < 0.1)
    final[evangelist] = 6
    begin = np.minimum(np.where(rng.random(n) < 0.3, 0, 1), final)
    a.update(contact_stage=final, contact_stage_begin=begin)

    roles = rng.choice(len(ROLES), size=(n, 2), p=_role_weights())
    has_role = rng.random(n) < np.where(a["contact_company"] == 0, 0.8, 0.35)
    has_role &= a["contact_company"] >= 0
    two = has_role & (rng.random(n) < 0.25) & (roles[:, 0] != roles[:, 1])
    a["contact_role1"] = np.where(has_role, roles[:, 0], -1)
    a["contact_role2"] = np.where(two, roles[:, 1], -1)
    a["contact_source"] = rng.choice(len(CHANNELS), size=n,
                                     p=np.asarray(CHANNEL_WEIGHTS) / sum(
                                         CHANNEL_WEIGHTS))
    a["contact_first_seen"] = a["contact_created"] - 3_600 - (
        rng.exponential(20, n) * DAY).astype(np.int64)

    # a couple of contacts (the showcase account's second one among them) absorbed
    # a duplicate; its old id lives on in hs_merged_object_ids
    k = min(n, max(2, round(2 * portal.scale)))
    merged = np.unique(np.concatenate(([min(1, n - 1)], rng.choice(n, k, False))))
    merged = merged[:k]
    a["merge_contact"] = merged
    a["merge_time"] = a["contact_created"][merged] + (
        (portal.now_s - a["contact_created"][merged]) * 0.5).astype(np.int64)


def _role_weights() -> np.ndarray:
    w = np.asarray([ROLE_WEIGHTS.get(r, 1) for r in ROLES], dtype=float)
    return w / w.sum()


def role_strings(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """hs_buying_role values: the roles joined with ';' (None without a role)."""
    names = np.asarray((*ROLES, ""), dtype=object)
    one, two = names[first], names[second]
    joined = np.where(two != "", one + ";" + two, one)
    return np.where(first >= 0, joined, None)


def write_contacts(portal: Portal, progress: bool) -> None:
    """Contact records and properties, ``CONTACT_CHUNK`` contacts per bulk write."""
    n = portal.counts["contacts"]
    starts = range(0, n, CONTACT_CHUNK)
    for part, begin in enumerate(tqdm(starts, desc="contacts", unit="chunk",
                                      disable=not progress, leave=False)):
        positions = np.arange(begin, min(n, begin + CONTACT_CHUNK))
        _write_chunk(portal, positions, portal.rng("contact-properties", part))


def _write_chunk(portal: Portal, pos: np.ndarray, rng: np.random.Generator) -> None:
    a, pools = portal.arrays, portal.pools
    m = pos.shape[0]
    ids = portal.ids("contacts", pos)
    company = a["contact_company"][pos]
    created = a["contact_created"][pos]
    stage = a["contact_stage"][pos]
    modified = created + ((portal.now_s - created) * rng.random(m)).astype(np.int64)
    merged_here = np.isin(pos, a["merge_contact"])
    merged_ids = np.where(merged_here, (ID_BASE["contacts"] + MERGED_ID_OFFSET + pos
                                        ).astype(str), None)
    lead_status = np.where(stage >= _CUSTOMER, "CONNECTED", np.where(
        stage == _OPPORTUNITY, "OPEN_DEAL", pick(rng, (
            "NEW", "OPEN", "IN_PROGRESS", "ATTEMPTED_TO_CONTACT", "CONNECTED",
            "UNQUALIFIED", "BAD_TIMING"), m, [3, 3, 2, 2, 2, 1, 1])))
    views = 1 + rng.poisson(6, m)
    company_ids = np.where(company >= 0, portal.ids("companies", np.maximum(
        company, 0)).astype(str), None)
    optout = rng.random(m) < 0.06

    portal.insert("records", pd.DataFrame({
        "object_type": "contacts", "id": ids,
        "created_at": created.astype("datetime64[s]"),
        "updated_at": modified.astype("datetime64[s]")}))
    portal.insert_properties("contacts", pd.DataFrame({
        "id": ids, "hs_object_id": ids.astype(str),
        "email": a["contact_email"][pos],
        "firstname": np.asarray(pools["first"], dtype=object)[a["contact_first"][pos]],
        "lastname": np.asarray(pools["last"], dtype=object)[a["contact_last"][pos]],
        "jobtitle": pick(rng, pools["job"], m),
        "phone": np.where(rng.random(m) < 0.7, "+1 555 01" + np.char.zfill(
            rng.integers(0, 100, m).astype(str), 2).astype(object), None),
        "company": np.where(company >= 0, np.asarray(
            pools["company_name"], dtype=object)[np.maximum(company, 0)], None),
        "associatedcompanyid": company_ids,
        "lifecyclestage": np.asarray([s[0] for s in LIFECYCLE_STAGES],
                                     dtype=object)[stage],
        "hs_lead_status": lead_status,
        "hs_buying_role": role_strings(a["contact_role1"][pos],
                                       a["contact_role2"][pos]),
        "hs_analytics_source": np.asarray(CHANNELS, dtype=object)[
            a["contact_source"][pos]],
        "hs_analytics_num_page_views": views.astype(str),
        "hs_analytics_num_visits": np.maximum(1, views // 2).astype(str),
        "hs_analytics_first_timestamp": iso(a["contact_first_seen"][pos]),
        "hs_analytics_last_timestamp": iso(modified),
        "hs_email_optout": np.where(optout, "true", "false"),
        "hs_marketable_status": np.where(optout, "false", "true"),
        "hs_legal_basis": pick(rng, ("Legitimate interest - prospect/lead",
                                     "Freely given consent from contact",
                                     "Performance of a contract"), m),
        "hs_merged_object_ids": merged_ids,
        "hubspot_owner_id": a["owner_id"][a["contact_owner"][pos]].astype(str),
        "createdate": iso(created), "lastmodifieddate": iso(modified),
        "hs_lastmodifieddate": iso(modified),
    }))
