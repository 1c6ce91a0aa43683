"""Deals and tickets of the demo portal, each on a company and some of its contacts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .definitions import DEAL_STAGES, TICKET_PRIORITIES, TICKET_STAGES
from .portal import DAY, Portal, iso, pick, uniform_times
from .vocab import PRODUCTS, TICKET_SUBJECTS

SHOWCASE_DEALS = 8
SHOWCASE_TICKETS = 6


def contacts_by_company(portal: Portal) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contact positions sorted by company, with each company's offset and count."""
    company = portal.arrays["contact_company"]
    order = np.argsort(company, kind="stable")
    order = order[company[order] >= 0]
    counts = np.bincount(company[order], minlength=portal.counts["companies"])
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return order, offsets, counts


def _contacts_of(rng: np.random.Generator, companies: np.ndarray, portal: Portal
                 ) -> np.ndarray:
    """One random contact of each given company (every company given has one)."""
    order, offsets, counts = contacts_by_company(portal)
    slot = (rng.random(companies.shape[0]) * counts[companies]).astype(np.int64)
    return order[offsets[companies] + slot]


def _companies_for(rng: np.random.Generator, portal: Portal, n: int,
                   showcase: int) -> np.ndarray:
    """Companies with at least one contact, weighted by how many they have."""
    _, _, counts = contacts_by_company(portal)
    weights = counts / counts.sum()
    company = rng.choice(counts.shape[0], size=n, p=weights)
    company[:showcase] = 0
    return company


def plan_deals(portal: Portal) -> None:
    """Deals: stage by age (older deals are mostly closed), amounts, contacts."""
    n = portal.counts["deals"]
    rng = portal.rng("deals")
    company = _companies_for(rng, portal, n, min(SHOWCASE_DEALS, n // 10))
    low = np.maximum(portal.arrays["company_created"][company],
                     portal.start_s + 20 * DAY)
    created = uniform_times(rng, low, np.full(n, portal.now_s - 3 * DAY))
    age = portal.now_s - created
    closed = rng.random(n) < np.clip(age / (200 * DAY), 0.05, 0.9)
    won = closed & (rng.random(n) < 0.45)
    stage = np.where(won, 5, np.where(closed, 6, rng.integers(0, 5, n)))
    close_in = uniform_times(rng, np.full(n, 14 * DAY),
                             np.clip(age, 15 * DAY, 150 * DAY))
    closedate = np.where(closed, created + close_in,
                         portal.now_s + rng.integers(7, 120, n) * DAY)
    amount = np.round(rng.lognormal(np.log(20_000), 0.8, n) / 500) * 500 + 500

    k = 1 + rng.binomial(3, 0.4, n)
    deal_of = np.repeat(np.arange(n), k)
    contact = _contacts_of(rng, company[deal_of], portal)
    pairs = np.unique(np.stack([deal_of, contact], axis=1), axis=0)
    # a deal opens after the last of its contacts was created, and closes later
    latest = np.zeros(n, dtype=np.int64)
    np.maximum.at(latest, pairs[:, 0], portal.arrays["contact_created"][pairs[:, 1]])
    moved = np.minimum(np.maximum(created, latest + DAY), portal.now_s - DAY)
    closedate = np.where(closed, np.minimum(closedate + (moved - created),
                                            portal.now_s - 3_600), closedate)
    created = moved
    portal.arrays.update(
        deal_company=company, deal_created=created, deal_closedate=closedate,
        deal_stage=stage, deal_amount=amount.astype(np.int64),
        deal_owner=portal.arrays["company_owner"][company],
        deal_product=rng.integers(0, len(PRODUCTS), n),
        deal_contact_deal=pairs[:, 0], deal_contact_contact=pairs[:, 1])


def write_deals(portal: Portal) -> None:
    """Deal records and properties (stage, amount as "12500", ISO dates)."""
    a = portal.arrays
    n = portal.counts["deals"]
    rng = portal.rng("deal-properties")
    ids = portal.ids("deals")
    names = np.asarray(portal.pools["company_name"], dtype=object)[a["deal_company"]]
    products = np.asarray([p[0] for p in PRODUCTS], dtype=object)[a["deal_product"]]
    stage_ids = np.asarray([s[0] for s in DEAL_STAGES], dtype=object)
    probability = np.asarray([s[2] for s in DEAL_STAGES])[a["deal_stage"]]
    modified = np.minimum(np.maximum(a["deal_created"], np.minimum(
        a["deal_closedate"], portal.now_s)), portal.now_s)
    _records(portal, "deals", ids, a["deal_created"], modified)
    portal.insert_properties("deals", pd.DataFrame({
        "id": ids, "hs_object_id": ids.astype(str),
        "dealname": names + " - " + products,
        "amount": a["deal_amount"].astype(str),
        "closedate": iso(a["deal_closedate"]), "pipeline": "default",
        "dealstage": stage_ids[a["deal_stage"]],
        "hs_deal_stage_probability": probability.astype(str),
        "dealtype": pick(rng, ("newbusiness", "existingbusiness"), n, [3, 1]),
        "hubspot_owner_id": portal.arrays["owner_id"][a["deal_owner"]].astype(str),
        "createdate": iso(a["deal_created"]), "hs_lastmodifieddate": iso(modified),
    }))


def plan_tickets(portal: Portal) -> None:
    """Tickets: on a company and one of its contacts; older ones are mostly closed."""
    n = portal.counts["tickets"]
    rng = portal.rng("tickets")
    company = _companies_for(rng, portal, n, min(SHOWCASE_TICKETS, n // 8))
    contact = _contacts_of(rng, company, portal)
    created = uniform_times(rng, np.maximum(portal.arrays["contact_created"][contact],
                                            portal.start_s),
                            np.full(n, portal.now_s - DAY))
    old = portal.now_s - created > 30 * DAY
    stage = np.where(old & (rng.random(n) < 0.9), 3, rng.integers(0, 4, n))
    closed_at = np.minimum(created + rng.integers(1, 20, n) * DAY, portal.now_s)
    portal.arrays.update(ticket_company=company, ticket_contact=contact,
                         ticket_created=created, ticket_stage=stage,
                         ticket_closed=np.where(stage == 3, closed_at, -1),
                         ticket_subject=rng.integers(0, len(TICKET_SUBJECTS), n),
                         ticket_owner=rng.integers(0, len(portal.arrays["owner_id"]),
                                                   n))


def write_tickets(portal: Portal) -> None:
    """Ticket records and properties (pipeline "0", stages "1".."4")."""
    a = portal.arrays
    n = portal.counts["tickets"]
    rng = portal.rng("ticket-properties")
    ids = portal.ids("tickets")
    subject = np.asarray(TICKET_SUBJECTS, dtype=object)[a["ticket_subject"]]
    closed = a["ticket_closed"] >= 0
    modified = np.where(closed, a["ticket_closed"], a["ticket_created"])
    _records(portal, "tickets", ids, a["ticket_created"], modified)
    portal.insert_properties("tickets", pd.DataFrame({
        "id": ids, "hs_object_id": ids.astype(str), "subject": subject,
        "content": "Reported by the customer: " + np.char.lower(
            subject.astype(str)).astype(object) + ".",
        "hs_pipeline": "0",
        "hs_pipeline_stage": np.asarray([s[0] for s in TICKET_STAGES],
                                        dtype=object)[a["ticket_stage"]],
        "hs_ticket_priority": pick(rng, TICKET_PRIORITIES, n, [4, 4, 2, 1]),
        "hs_ticket_category": pick(rng, ("PRODUCT_ISSUE", "BILLING_ISSUE",
                                         "FEATURE_REQUEST", "GENERAL_INQUIRY"), n),
        "source_type": pick(rng, ("EMAIL", "CHAT", "PHONE", "FORM"), n, [5, 3, 2, 1]),
        "closed_date": np.where(closed, iso(a["ticket_closed"]), None),
        "hubspot_owner_id": a["owner_id"][a["ticket_owner"]].astype(str),
        "createdate": iso(a["ticket_created"]), "hs_lastmodifieddate": iso(modified),
    }))


def _records(portal: Portal, object_type: str, ids: np.ndarray,
             created: np.ndarray, updated: np.ndarray) -> None:
    portal.insert("records", pd.DataFrame({
        "object_type": object_type, "id": ids,
        "created_at": created.astype("datetime64[s]"),
        "updated_at": np.maximum(created, updated).astype("datetime64[s]")}))
